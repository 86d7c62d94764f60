/// Header text made fit to show: NULs removed (with a warning), other control characters turned
/// into spaces, and optionally whitespace runs collapsed to one space and the ends trimmed.
enum HeaderText {
    static func string(_ utf8: ArraySlice<UInt8>, collapsingWhitespace: Bool, subject: String,
                       diagnostics: inout Diagnostics) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var nuls = 0
        var pendingSpace = false
        for b in utf8 {
            if b == 0 {
                nuls += 1
                continue
            }
            let isSpace = b < 0x20 || b == 0x7F || b == Byte.space
            if collapsingWhitespace {
                if isSpace {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace {
                    out.append(Byte.space)
                    pendingSpace = false
                }
                out.append(b)
            } else {
                out.append(isSpace && b != Byte.tab ? Byte.space : b)
            }
        }
        if nuls > 0 { diagnostics.warn("\(subject): removed \(Diagnostics.count(nuls, "NUL byte")).") }
        return String(decoding: out, as: UTF8.self)
    }
}
