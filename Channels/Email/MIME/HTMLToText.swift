/// Turns an HTML body into readable plain text, for mail that has no text/plain part.
///
/// Not a browser: it drops `head`, `script`, `style`, `title` and comments; makes `br`, `div`,
/// `li` (as "- "), `tr` and the like line breaks, and `p`, headings, tables, lists and quotes
/// paragraph breaks (one blank line, never more); separates table cells with a space; decodes
/// entities (numeric `&#3588;` `&#x0E04;` and the common named ones, `&nbsp;` as a space);
/// collapses whitespace except inside `pre`. Input and output are UTF-8 bytes.
enum HTMLToText {
    static func convert(_ html: [UInt8]) -> [UInt8] {
        var out = TextBuilder()
        out.bytes.reserveCapacity(html.count / 2)
        let h = html[...]
        let end = h.endIndex
        var i = h.startIndex
        var state = ScanState()
        while i < end {
            let b = h[i]
            if b == 0x3C, let tagEnd = handleTag(h, at: i, out: &out, state: &state) {
                i = tagEnd
            } else if b == 0x26 {
                i = handleEntity(h, at: i, out: &out)
            } else if b <= Byte.space, b == Byte.space || b == Byte.tab || b == Byte.lf || b == Byte.cr || b == 0x0C {
                if state.preDepth > 0 {
                    if b == Byte.lf { out.lineBreak() } else if b != Byte.cr { out.literal(b) }
                } else {
                    out.space()
                }
                i += 1
            } else if b == 0xC2, i + 1 < end, h[i + 1] == 0xA0 {
                if state.preDepth > 0 { out.literal(Byte.space) } else { out.space() }
                i += 2
            } else {
                out.text(b)
                i += 1
            }
        }
        return out.finished()
    }

    /// The `charset` an HTML document declares in a `<meta>` within its first 2 KB, if any.
    static func declaredCharset(_ html: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let head = html.prefix(2048)
        var i = head.startIndex
        while i + 8 <= head.endIndex {
            if Byte.lowercased(head[i]) == 0x63, head[i..<(i + 8)].equalsIgnoringCase("charset=") {
                var k = i + 8
                while k < head.endIndex, head[k] == Byte.quote || head[k] == 0x27 || Byte.isBlank(head[k]) { k += 1 }
                let start = k
                while k < head.endIndex, head[k] > Byte.space, head[k] != Byte.quote, head[k] != 0x27,
                      head[k] != Byte.semicolon, head[k] != 0x3E, head[k] != 0x2F { k += 1 }
                return k > start ? head[start..<k] : nil
            }
            i += 1
        }
        return nil
    }

    // MARK: - Tags

    private enum Effect { case none, lineBreak, line, paragraph, cell, listItem, pre, skipContent, head }

    private struct ScanState {
        /// Open `pre` elements: whitespace is kept inside them.
        var preDepth = 0
        /// A `head` without an end tag or a `body` was seen; later ones are not searched again,
        /// which keeps a document of many unclosed heads linear.
        var headIsOpenEnded = false
    }

    private static func effect(of name: String) -> Effect {
        switch name {
        case "br": .lineBreak
        case "div", "tr", "dt", "dd", "caption", "option", "legend", "figcaption", "center": .line
        case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol", "dl", "hr", "address",
             "section", "article", "header", "footer", "form", "fieldset", "figure", "nav", "aside", "main": .paragraph
        case "td", "th": .cell
        case "li": .listItem
        case "pre", "textarea": .pre
        case "script", "style", "title", "noscript", "template", "iframe", "object", "svg": .skipContent
        case "head": .head
        default: .none
        }
    }

    /// Handles the tag at `i` and returns where to continue, or nil if "<" does not start a tag.
    private static func handleTag(_ h: ArraySlice<UInt8>, at i: Int, out: inout TextBuilder, state: inout ScanState) -> Int? {
        let end = h.endIndex
        guard i + 1 < end else { return nil }
        let next = h[i + 1]
        if next == 0x21 {  // "<!": comment, doctype or CDATA
            if i + 3 < end, h[i + 2] == Byte.hyphen, h[i + 3] == Byte.hyphen {
                return find(h, "-->", from: i + 4).map { $0 + 3 } ?? end
            }
            return (h.firstIndex(of: 0x3E, from: i + 2) ?? end - 1) + 1
        }
        if next == Byte.question {
            return (h.firstIndex(of: 0x3E, from: i + 2) ?? end - 1) + 1
        }
        let closing = next == 0x2F
        var k = closing ? i + 2 : i + 1
        let nameStart = k
        guard k < end, (h[k] | 0x20) &- 0x61 < 26 else { return nil }
        while k < end, Byte.isAlphanumeric(h[k]) { k += 1 }
        let name = h[nameStart..<k].lowercasedString()
        let tagEnd = endOfTag(h, from: k)
        let effect = effect(of: name)
        switch effect {
        case .none:
            break
        case .lineBreak:
            out.lineBreak()
        case .line:
            out.newline(1)
        case .paragraph:
            out.newline(2)
        case .cell:
            if !closing { out.space() }
        case .listItem:
            out.newline(1)
            if !closing { out.prefix("- ") }
        case .pre:
            out.newline(2)
            state.preDepth = max(0, state.preDepth + (closing ? -1 : 1))
        case .skipContent:
            if !closing, h[tagEnd - 2] != 0x2F {
                return skipElement(h, name: name, from: tagEnd) ?? end
            }
        case .head:
            if !closing, !state.headIsOpenEnded {
                // Without "</head>" the head ends where the body starts; without either, nothing is dropped.
                if let close = skipElement(h, name: name, from: tagEnd) { return close }
                if let body = findIgnoringCase(h, "<body", from: tagEnd) { return body }
                state.headIsOpenEnded = true
            }
        }
        return tagEnd
    }

    /// Index after the ">" that ends a tag whose name ends at `from`, stepping over quoted attribute
    /// values. An unterminated quote is ignored rather than swallowing the rest of the document.
    private static func endOfTag(_ h: ArraySlice<UInt8>, from: Int) -> Int {
        var k = from
        let end = h.endIndex
        while k < end {
            let b = h[k]
            if b == 0x3E { return k + 1 }
            if b == Byte.quote || b == 0x27 {
                if let close = h.firstIndex(of: b, from: k + 1) {
                    k = close + 1
                    continue
                }
                return (h.firstIndex(of: 0x3E, from: k + 1) ?? end - 1) + 1
            }
            k += 1
        }
        return end
    }

    /// Index after the end tag `</name>` that closes an element starting at `from`.
    private static func skipElement(_ h: ArraySlice<UInt8>, name: String, from: Int) -> Int? {
        var k = from
        while let lt = h.firstIndex(of: 0x3C, from: k) {
            if lt + 1 < h.endIndex, h[lt + 1] == 0x2F {
                let nameEnd = lt + 2 + name.utf8.count
                if nameEnd <= h.endIndex, h[(lt + 2)..<nameEnd].lowercasedString() == name,
                   nameEnd == h.endIndex || !Byte.isAlphanumeric(h[nameEnd]) {
                    return endOfTag(h, from: nameEnd)
                }
            }
            k = lt + 1
        }
        return nil
    }

    private static func find(_ h: ArraySlice<UInt8>, _ needle: StaticString, from: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        var k = from
        while let hit = h.firstIndex(of: p[0], from: k) {
            guard hit + n <= h.endIndex else { return nil }
            if (0..<n).allSatisfy({ h[hit + $0] == p[$0] }) { return hit }
            k = hit + 1
        }
        return nil
    }

    private static func findIgnoringCase(_ h: ArraySlice<UInt8>, _ needle: StaticString, from: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        var k = from
        while let hit = h.firstIndex(of: needle.utf8Start[0], from: k) {
            guard hit + n <= h.endIndex else { return nil }
            if h[hit..<(hit + n)].equalsIgnoringCase(needle) { return hit }
            k = hit + 1
        }
        return nil
    }

    // MARK: - Entities

    /// Decodes the entity at `i` (which holds "&") and returns where to continue.
    private static func handleEntity(_ h: ArraySlice<UInt8>, at i: Int, out: inout TextBuilder) -> Int {
        let end = h.endIndex
        var k = i + 1
        let limit = min(end, i + 34)
        var scalar: UInt32?
        if k < end, h[k] == 0x23 {  // "#"
            k += 1
            var isHex = false
            if k < end, h[k] | 0x20 == 0x78 { isHex = true; k += 1 }
            let digitsStart = k
            var value: UInt32 = 0
            while k < limit, let d = Byte.hexValue(h[k]), isHex || d < 10 {
                value = value &* (isHex ? 16 : 10) &+ UInt32(d)
                if value > 0x10FFFF { value = 0x110000 }
                k += 1
            }
            guard k > digitsStart else { out.text(0x26); return i + 1 }
            if k < end, h[k] == Byte.semicolon { k += 1 }
            let valid = value != 0 && value <= 0x10FFFF && !(0xD800...0xDFFF).contains(value)
            scalar = valid ? value : 0xFFFD
        } else {
            let nameStart = k
            while k < limit, Byte.isAlphanumeric(h[k]) { k += 1 }
            let name = h[nameStart..<k].lowercasedString()
            let terminated = k < end && h[k] == Byte.semicolon
            if let named = namedEntities[String(decoding: h[nameStart..<k], as: UTF8.self)] ?? namedEntities[name],
               terminated || legacyEntities.contains(name) {
                scalar = named
                if terminated { k += 1 }
            }
        }
        guard let scalar else {
            out.text(0x26)
            return i + 1
        }
        switch scalar {
        case 0xA0, 0x2002, 0x2003, 0x2009: out.space()
        case 0xAD, 0x200C, 0x200D: break  // soft hyphen and joiners render as nothing here
        default:
            var bytes: [UInt8] = []
            TextDecoder.appendScalar(scalar, to: &bytes)
            for byte in bytes { out.text(byte) }
        }
        return k
    }

    /// Entities accepted without the final ";", as browsers do.
    private static let legacyEntities: Set<String> = ["amp", "lt", "gt", "quot", "nbsp"]

    private static let namedEntities: [String: UInt32] = [
        "nbsp": 0xA0, "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
        "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013,
        "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "sbquo": 0x201A, "bdquo": 0x201E,
        "bull": 0x2022, "middot": 0xB7, "deg": 0xB0, "times": 0xD7, "divide": 0xF7, "laquo": 0xAB,
        "raquo": 0xBB, "euro": 0x20AC, "pound": 0xA3, "yen": 0xA5, "cent": 0xA2, "sect": 0xA7, "para": 0xB6,
        "plusmn": 0xB1, "frac12": 0xBD, "shy": 0xAD, "zwnj": 0x200C, "zwj": 0x200D, "ensp": 0x2002,
        "emsp": 0x2003, "thinsp": 0x2009, "larr": 0x2190, "rarr": 0x2192, "check": 0x2713,
    ]
}

/// Accumulates output text with collapsed spaces and at most one blank line in a row.
private struct TextBuilder {
    var bytes: [UInt8] = []
    private var pendingSpace = false
    private var trailingNewlines = 0

    mutating func text(_ b: UInt8) {
        if pendingSpace {
            bytes.append(Byte.space)
            pendingSpace = false
        }
        bytes.append(b)
        trailingNewlines = 0
    }

    /// A byte kept as it is (inside `pre`).
    mutating func literal(_ b: UInt8) {
        bytes.append(b)
        trailingNewlines = 0
        pendingSpace = false
    }

    mutating func prefix(_ s: StaticString) {
        pendingSpace = false
        for k in 0..<s.utf8CodeUnitCount { bytes.append(s.utf8Start[k]) }
        trailingNewlines = 0
    }

    mutating func space() {
        if !bytes.isEmpty, trailingNewlines == 0 { pendingSpace = true }
    }

    /// Ends the current line so that at least `count` line breaks (1 or 2) precede what follows.
    mutating func newline(_ count: Int) {
        pendingSpace = false
        guard !bytes.isEmpty else { return }
        while trailingNewlines < count {
            bytes.append(Byte.lf)
            trailingNewlines += 1
        }
    }

    /// `<br>`: one more line break, up to one blank line.
    mutating func lineBreak() {
        pendingSpace = false
        guard !bytes.isEmpty, trailingNewlines < 2 else { return }
        bytes.append(Byte.lf)
        trailingNewlines += 1
    }

    func finished() -> [UInt8] {
        var lines: [UInt8] = []
        lines.reserveCapacity(bytes.count)
        // Trim blanks at line ends (text before a newline may end in a literal space inside pre).
        for b in bytes {
            if b == Byte.lf {
                while let last = lines.last, Byte.isBlank(last) { lines.removeLast() }
            }
            lines.append(b)
        }
        while let last = lines.last, Byte.isWhitespace(last) { lines.removeLast() }
        return lines
    }
}
