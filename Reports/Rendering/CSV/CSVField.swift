/// One CSV field as RFC 4180 writes it: quoted (with inner quotes doubled) when it holds a comma, a quote
/// or a line break, as is otherwise.
///
/// Text cells that a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) get a leading `'`:
/// names come from configuration and imports, and a report opened in Excel must never run one
/// (CSV injection). Numbers are written through ``number(_:)`` and never guarded, so `-3.5` stays a number.
enum CSVField {
    static func text(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) { v = "'" + v }
        return quoted(v)
    }

    static func number(_ value: Double?) -> String { ReportNumber.plain(value) }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "" }

    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
