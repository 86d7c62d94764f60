extension String {
    /// The text without leading and trailing white space and line breaks: the characters of
    /// Foundation's `.whitespacesAndNewlines` (the Unicode White_Space property and the zero-width
    /// space), found without bridging to NSString, because intake trims every field of every row of a
    /// bulk import.
    public var trimmingWhitespace: String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || s == "\u{200B}" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        if start == scalars.startIndex && scalars.index(after: end) == scalars.endIndex { return self }
        return String(scalars[start...end])
    }
}
