/// A structured header value such as `Content-Type: text/plain; charset="tis-620"` or
/// `Content-Disposition: attachment; filename*=utf-8''...`: a main token and its parameters.
struct ParameterizedValue {
    /// The main token, lowercased ("text/plain", "attachment"); empty when there is none.
    var value: String
    /// Parameters in order: names lowercased, values unquoted and unescaped but otherwise raw.
    var parameters: [(name: String, value: ArraySlice<UInt8>)]

    init(_ header: ArraySlice<UInt8>) {
        var i = header.startIndex
        let end = header.endIndex
        while i < end, header[i] != Byte.semicolon { i += 1 }
        var main = header[header.startIndex..<i].trimmingWhitespace()
        // Neither a trailing comment ("text/plain (generated)") nor text after a missing ";"
        // ("text/plain charset=utf-8") is part of the type.
        if let stop = main.firstIndex(where: { $0 == 0x28 || Byte.isWhitespace($0) }) { main = main[..<stop] }
        value = main.lowercasedString()
        parameters = []
        while i < end {
            i += 1  // past ";"
            while i < end, Byte.isWhitespace(header[i]) { i += 1 }
            let nameStart = i
            while i < end, header[i] != Byte.equals, header[i] != Byte.semicolon { i += 1 }
            let name = header[nameStart..<i].trimmingWhitespace()
            guard i < end, header[i] == Byte.equals else { continue }  // a name without value: ignored
            i += 1
            while i < end, Byte.isWhitespace(header[i]) { i += 1 }
            var paramValue: ArraySlice<UInt8>
            if i < end, header[i] == Byte.quote {
                i += 1
                let start = i
                var unescaped: [UInt8]?
                while i < end, header[i] != Byte.quote {
                    if header[i] == Byte.backslash, i + 1 < end {
                        if unescaped == nil { unescaped = Array(header[start..<i]) }
                        unescaped!.append(header[i + 1])
                        i += 2
                        continue
                    }
                    unescaped?.append(header[i])
                    i += 1
                }
                paramValue = unescaped.map { $0[...] } ?? header[start..<i]
                // Skip the closing quote and anything up to the next ";".
                while i < end, header[i] != Byte.semicolon { i += 1 }
            } else {
                let start = i
                while i < end, header[i] != Byte.semicolon { i += 1 }
                paramValue = header[start..<i].trimmingWhitespace()
            }
            if !name.isEmpty { parameters.append((name.lowercasedString(), paramValue)) }
        }
    }

    /// The raw value of the parameter `name` (lowercase), as sent.
    func raw(_ name: String) -> ArraySlice<UInt8>? {
        parameters.first { $0.name == name }?.value
    }

    /// The parameter `name` (lowercase) as text, whichever way it was sent: RFC 2231
    /// (`name*=charset'lang'%XX`, continuations `name*0*=`, `name*1*=`, ...), an RFC 2047 encoded
    /// word inside the quotes (not standard, but what many mailers send), or raw UTF-8/TIS-620.
    func text(_ name: String, subject: String, diagnostics: inout Diagnostics) -> String? {
        var continuations: [(index: Int, encoded: Bool, value: ArraySlice<UInt8>)] = []
        var extended: ArraySlice<UInt8>?
        var plain: ArraySlice<UInt8>?
        let starred = name + "*"
        for (key, value) in parameters {
            if key == name {
                if plain == nil { plain = value }
            } else if key == starred {
                if extended == nil { extended = value }
            } else if key.hasPrefix(starred) {
                var rest = key.dropFirst(starred.count)
                let encoded = rest.hasSuffix("*")
                if encoded { rest = rest.dropLast() }
                if let index = Int(rest), index >= 0, index < 1000 {
                    continuations.append((index, encoded, value))
                }
            }
        }
        if !continuations.isEmpty {
            continuations.sort { $0.index < $1.index }
            var bytes: [UInt8] = []
            var charset: ArraySlice<UInt8>?
            for (position, segment) in continuations.enumerated() {
                if segment.encoded {
                    var value = segment.value
                    if position == 0, let parsed = Self.splitCharset(value) {
                        charset = parsed.charset
                        value = parsed.value
                    }
                    bytes.append(contentsOf: Self.percentDecoded(value))
                } else {
                    bytes.append(contentsOf: segment.value)
                }
            }
            return Self.decode(bytes[...], charset: charset, subject: subject, diagnostics: &diagnostics)
        }
        if let extended {
            if let parsed = Self.splitCharset(extended) {
                return Self.decode(Self.percentDecoded(parsed.value)[...], charset: parsed.charset,
                                   subject: subject, diagnostics: &diagnostics)
            }
            return Self.decode(Self.percentDecoded(extended)[...], charset: nil, subject: subject, diagnostics: &diagnostics)
        }
        guard let plain else { return nil }
        let bytes = EncodedWords.decode(plain, subject: subject, diagnostics: &diagnostics)
        return HeaderText.string(bytes[...], collapsingWhitespace: true, subject: subject, diagnostics: &diagnostics)
    }

    /// Splits "charset'language'value"; nil when the two quotes are missing.
    private static func splitCharset(_ value: ArraySlice<UInt8>) -> (charset: ArraySlice<UInt8>, value: ArraySlice<UInt8>)? {
        guard let first = value.firstIndex(of: 0x27) else { return nil }
        guard let second = value[(first + 1)...].firstIndex(of: 0x27) else { return nil }
        return (value[..<first], value[(second + 1)...])
    }

    private static func percentDecoded(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var i = value.startIndex
        while i < value.endIndex {
            if value[i] == 0x25, i + 2 < value.endIndex,
               let hi = Byte.hexValue(value[i + 1]), let lo = Byte.hexValue(value[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(value[i])
                i += 1
            }
        }
        return out
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, charset: ArraySlice<UInt8>?, subject: String,
                               diagnostics: inout Diagnostics) -> String {
        let utf8: [UInt8]
        if let charset, !charset.trimmingWhitespace().isEmpty {
            utf8 = TextDecoder.decode(bytes, label: charset, subject: subject, diagnostics: &diagnostics)
        } else {
            utf8 = TextDecoder.headerText(bytes)
        }
        return HeaderText.string(utf8[...], collapsingWhitespace: true, subject: subject, diagnostics: &diagnostics)
    }
}
