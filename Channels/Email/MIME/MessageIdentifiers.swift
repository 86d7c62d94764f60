/// Message identifiers (`Message-ID`, `In-Reply-To`, `References`), without their angle brackets.
enum MessageIdentifiers {
    /// Every `<id>` in the value; without brackets, the words that look like ids (contain "@"), or
    /// the whole value when it is a single word.
    static func all(_ value: ArraySlice<UInt8>) -> [String] {
        var ids: [String] = []
        var i = value.startIndex
        while let open = value.firstIndex(of: 0x3C, from: i) {
            guard let close = value.firstIndex(of: 0x3E, from: open + 1) else { break }
            let inner = value[(open + 1)..<close].trimmingWhitespace()
            if !inner.isEmpty { ids.append(string(inner)) }
            i = close + 1
        }
        if !ids.isEmpty { return ids }
        let words = value.split(whereSeparator: { Byte.isWhitespace($0) || $0 == 0x2C })
        let withAt = words.filter { $0.contains(0x40) }
        if !withAt.isEmpty { return withAt.map { string($0.filter { $0 != 0x3C && $0 != 0x3E }[...]) } }
        if words.count == 1 { return [string(words[0])] }
        return []
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: TextDecoder.headerText(bytes).filter { $0 > Byte.space && $0 != 0x7F }, as: UTF8.self)
    }
}
