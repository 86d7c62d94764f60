/// Message identifiers (`Message-ID`, `In-Reply-To`, `References`), without their angle brackets.
enum MessageIdentifiers {
    /// Every `<id>` in the value; without brackets, the words that look like ids (contain "@"), or
    /// the whole value when it is a single word.
    static func all(_ value: ArraySlice<UInt8>) -> [String] {
        var ids: [String] = []
        var i = value.startIndex
        while let open = value.firstIndex(of: 0x3C, from: i) {
            guard let close = value.firstIndex(of: 0x3E, from: open + 1) else { break }
            // `<a <id>`: the id starts after the last `<` before its `>`.
            let start = value[open..<close].lastIndex(of: 0x3C) ?? open
            let inner = value[(start + 1)..<close].trimmingWhitespace()
            if !inner.isEmpty { ids.append(string(inner)) }
            i = close + 1
        }
        if !ids.isEmpty { return ids }
        let words = value.split(whereSeparator: { Byte.isWhitespace($0) || $0 == 0x2C })
        let withAt = words.filter { $0.contains(0x40) }
        if !withAt.isEmpty { return withAt.map { string(unbracketed($0)) } }
        // A lone word is an id too, without a bracket left open or unopened (`<id` with no `>`).
        if words.count == 1, case let id = unbracketed(words[0]), !id.isEmpty { return [string(id)] }
        return []
    }

    private static func unbracketed(_ word: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        word.filter { $0 != 0x3C && $0 != 0x3E }[...]
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: TextDecoder.headerText(bytes).filter { $0 > Byte.space && $0 != 0x7F }, as: UTF8.self)
    }
}
