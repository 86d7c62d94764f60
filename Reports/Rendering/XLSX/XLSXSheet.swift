import Foundation

/// One worksheet as the XLSX writer takes it: a bold, frozen header row, then rows of cells. Numbers stay
/// numbers (a reader sums them in Excel without retyping), text stays text.
public struct XLSXSheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        /// Written rounded with ``ReportNumber`` (the figure the CSV and HTML show).
        case number(Double)
        case empty

        /// A figure that may be missing: no figure is an empty cell, never 0.
        public static func figure(_ value: Double?) -> Cell { value.map { .number($0) } ?? .empty }
        public static func count(_ value: Int) -> Cell { .number(Double(value)) }
    }

    public struct Column: Sendable, Equatable {
        public var header: String
        /// In Excel's character widths.
        public var width: Double
        public init(_ header: String, width: Double) {
            self.header = header
            self.width = width
        }
    }

    /// Made safe for Excel by ``XLSXSheet/safeName(_:taken:)`` when the package is written.
    public var name: String
    public var columns: [Column]
    public var rows: [[Cell]]

    public init(name: String, columns: [Column], rows: [[Cell]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// Excel refuses a workbook whose sheet names are longer than 31 characters (UTF-16 units: a Thai
    /// syllable with its vowel and tone marks is one Swift character but up to four of Excel's), hold any of `[]:*?/\`,
    /// begin or end with `'`, are empty or repeat (case-insensitively): this name obeys all of that.
    public static func safeName(_ name: String, taken: Set<String>) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var base = String(name.filter { !forbidden.contains($0) && !$0.isNewline && $0.unicodeScalars.allSatisfy { $0.value >= 0x20 } })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        base = base.trimmingCharacters(in: .whitespaces)
        if base.isEmpty { base = "Sheet" }
        var candidate = prefix(base, utf16Units: 31)
        var n = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(n))"
            candidate = prefix(base, utf16Units: 31 - suffix.utf16.count) + suffix
            n += 1
        }
        return candidate
    }

    /// The longest run of whole characters from the start that fits in `limit` UTF-16 units.
    static func prefix(_ text: String, utf16Units limit: Int) -> String {
        var out = "", used = 0
        for ch in text {
            let n = String(ch).utf16.count
            guard used + n <= limit else { break }
            out.append(ch)
            used += n
        }
        return out
    }
}
