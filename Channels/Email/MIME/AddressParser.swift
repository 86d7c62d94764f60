/// Reads the first mailbox of an address header (`From`, `Reply-To`): `"ชื่อ" <a@b>`,
/// `=?UTF-8?B?...?= <a@b>`, `a@b (ชื่อ)` or a bare `a@b`.
enum AddressParser {
    static func firstMailbox(_ value: ArraySlice<UInt8>, header: String, diagnostics: inout Diagnostics) -> EmailAddress? {
        let mailbox = firstListItem(value)
        var display: [UInt8] = []
        var address: ArraySlice<UInt8>?
        var comment: ArraySlice<UInt8>?
        var plain: [UInt8] = []  // the mailbox without quotes' delimiters or comments

        var i = mailbox.startIndex
        let end = mailbox.endIndex
        while i < end {
            let b = mailbox[i]
            if b == Byte.quote {
                i += 1
                while i < end, mailbox[i] != Byte.quote {
                    if mailbox[i] == Byte.backslash, i + 1 < end { i += 1 }
                    display.append(mailbox[i])
                    plain.append(mailbox[i])
                    i += 1
                }
                i += 1
            } else if b == 0x28 {  // "(" comment, possibly nested
                var depth = 0
                let start = i + 1
                while i < end {
                    if mailbox[i] == Byte.backslash { i += 2; continue }
                    if mailbox[i] == 0x28 { depth += 1 }
                    if mailbox[i] == 0x29 { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                if comment == nil { comment = mailbox[start..<min(i, end)] }
                i += 1
            } else if b == 0x3C {  // "<"
                let start = i + 1
                var close = start
                while close < end, mailbox[close] != 0x3E { close += 1 }
                address = mailbox[start..<close]
                i = close + 1
                break
            } else {
                display.append(b)
                plain.append(b)
                i += 1
            }
        }

        var name: String?
        var addressBytes: ArraySlice<UInt8>
        if let address {
            addressBytes = address
            name = text(display[...], header: header, diagnostics: &diagnostics)
        } else {
            addressBytes = plain[...]
            name = comment.flatMap { text($0, header: header, diagnostics: &diagnostics) }
        }
        addressBytes = addressBytes.trimmingWhitespace()
        // An obsolete source route "<@relay:user@host>" keeps only the mailbox.
        if addressBytes.first == 0x40, let colon = addressBytes.firstIndex(of: Byte.colon) {
            addressBytes = addressBytes[(colon + 1)...]
        }
        if addressBytes.hasPrefixIgnoringCase("mailto:") { addressBytes = addressBytes.dropFirst(7) }
        let addressText = HeaderText.string(TextDecoder.headerText(addressBytes)[...], collapsingWhitespace: true,
                                            subject: "Header \(header)", diagnostics: &diagnostics)
        let cleanAddress = addressText.filter { $0 != " " }
        guard !cleanAddress.isEmpty else { return nil }
        return EmailAddress(name: name, address: cleanAddress)
    }

    /// Decoded, whitespace-collapsed display text; nil when empty.
    private static func text(_ bytes: ArraySlice<UInt8>, header: String, diagnostics: inout Diagnostics) -> String? {
        let decoded = EncodedWords.decode(bytes, subject: "Header \(header)", diagnostics: &diagnostics)
        let text = HeaderText.string(decoded[...], collapsingWhitespace: true, subject: "Header \(header)",
                                     diagnostics: &diagnostics)
        return text.isEmpty ? nil : text
    }

    /// The value up to the first comma outside quotes, comments and angle brackets.
    private static func firstListItem(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var inQuotes = false, depth = 0, inAngle = false
        var i = value.startIndex
        while i < value.endIndex {
            let b = value[i]
            if inQuotes {
                if b == Byte.backslash { i += 1 } else if b == Byte.quote { inQuotes = false }
            } else if b == Byte.quote {
                inQuotes = true
            } else if b == 0x28 {
                depth += 1
            } else if b == 0x29, depth > 0 {
                depth -= 1
            } else if depth == 0 {
                if b == 0x3C { inAngle = true }
                if b == 0x3E { inAngle = false }
                if b == 0x2C, !inAngle {
                    let item = value[value.startIndex..<i]
                    if !item.isBlankText { return item }
                }
            }
            i += 1
        }
        return value
    }
}
