/// Text made safe for XML and HTML: the five markup characters escaped and the characters XML 1.0 cannot
/// hold at all (C0 controls other than tab, newline and carriage return, unpaired surrogates cannot occur
/// in a Swift string, U+FFFE/U+FFFF) dropped. Agency names, comparator names and codes come from
/// configuration and imports: hostile until escaped, and one stray control character would make a whole
/// XLSX package unreadable.
public enum MarkupText {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
