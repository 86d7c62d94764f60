import Foundation
import Yams

/// How the columns of another survey tool's CSV export (a Google Forms response sheet, say) become
/// answers to one of our surveys: which column holds which question, how its values read on the 1-5
/// scale, and which words are which reason code, segment or option.
///
/// Without a mapping file a column is matched by its header: the question's id, or its Thai or
/// English wording (case and spacing ignored; a Google Forms grid header `คำถาม [แถว]` is matched by
/// the row in brackets too), and `ประทับเวลา`/`Timestamp` is when it was answered. A mapping file
/// (`--mapping FILE`) names the rest:
/// ```yaml
/// source: google_forms_2569        # rows are stored with source "import:google_forms_2569"
/// survey: case                     # the questions answered (default surveys.caseSurvey)
/// scale: 5                         # 5 (1-5) or 10 (0-10 or 1-10, read as ceil(n / 2))
/// scales: {recommend: 10}          # per question
/// columns:
///   answeredAt: ประทับเวลา
///   overall: ความพึงพอใจโดยรวม
///   process: [ขั้นตอน, ด้านขั้นตอน]
///   reasons: สาเหตุที่ไม่พึงพอใจ
///   comment: ข้อเสนอแนะ
///   segment: สถานะผู้ตอบ
///   servicePoint: จุดบริการ
///   trackingId: เลขที่เรื่อง
/// labels: {ดีมาก: 5, ดี: 4, พอใช้: 3, ควรปรับปรุง: 2, ต้องปรับปรุงอย่างยิ่ง: 1}
/// reasons: {รอนาน: delay, ไม่มีใครแจ้งผล: no_update}
/// segments: {ประชาชน: citizen, ผู้ประกอบการ/ร้านค้า: business}
/// choices: {frequency: {ครั้งแรก: first, บางครั้ง: occasional, ประจำ: regular}}
/// ```
public struct SurveyImportMapping: Sendable, Equatable {
    /// The label rows are stored under (`import:<source>`).
    public var source: String
    /// The survey whose questions the columns answer (nil: `surveys.caseSurvey`).
    public var survey: String?
    /// The largest value of the tool's scale: 5 or 10.
    public var scale: Int
    public var scales: [String: Int]
    /// Field (question id or `answeredAt`, `segment`, `servicePoint`, `channel`, `trackingId`,
    /// `reasonText`) to the header names that hold it.
    public var columns: [String: [String]]
    /// Words of the scale to 1...5, added to the shipped ones.
    public var labels: [String: Int]
    /// Answer words to reason codes, added to the codes' own labels.
    public var reasons: [String: String]
    /// Answer words to segment codes, added to the segments' own labels.
    public var segments: [String: String]
    /// Question id to answer words to option values.
    public var choices: [String: [String: String]]

    public init(source: String = "csv", survey: String? = nil, scale: Int = 5, scales: [String: Int] = [:], columns: [String: [String]] = [:],
                labels: [String: Int] = [:], reasons: [String: String] = [:], segments: [String: String] = [:],
                choices: [String: [String: String]] = [:]) {
        self.source = source
        self.survey = survey
        self.scale = scale
        self.scales = scales
        self.columns = columns
        self.labels = labels
        self.reasons = reasons
        self.segments = segments
        self.choices = choices
    }

    /// Fields that are not questions.
    public static let metaFields = ["answeredAt", "segment", "servicePoint", "channel", "trackingId", "reasonText"]

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case unreadable(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .unreadable(let why): "the mapping file cannot be read: \(why)"
            case .invalid(let why): "the mapping file is wrong: \(why)"
            }
        }
    }

    /// Reads a mapping file's YAML.
    public init(yaml: String) throws(Failure) {
        struct File: Decodable {
            var source: String?
            var survey: String?
            var scale: Int?
            var scales: [String: Int]?
            var columns: [String: OneOrMany]?
            var labels: [String: Int]?
            var reasons: [String: String]?
            var segments: [String: String]?
            var choices: [String: [String: String]]?
        }
        struct OneOrMany: Decodable {
            var names: [String]
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let one = try? c.decode(String.self) { names = [one] } else { names = try c.decode([String].self) }
            }
        }
        let file: File
        do { file = try YAMLDecoder().decode(File.self, from: yaml) } catch { throw .unreadable("\(error)") }
        self.init(source: file.source ?? "csv", survey: file.survey, scale: file.scale ?? 5, scales: file.scales ?? [:],
                  columns: (file.columns ?? [:]).mapValues(\.names), labels: file.labels ?? [:], reasons: file.reasons ?? [:],
                  segments: file.segments ?? [:], choices: file.choices ?? [:])
        guard !source.isEmpty, source.count <= 60, source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw .invalid("source must be letters, digits, - and _ (at most 60)")
        }
        for (id, max) in scales.merging(["": scale], uniquingKeysWith: { a, _ in a }) where max != 5 && max != 10 {
            throw .invalid("scale\(id.isEmpty ? "" : " of \(id)") must be 5 or 10")
        }
        for (word, value) in labels where !(1...5).contains(value) {
            throw .invalid("label \"\(word)\" must be 1 to 5")
        }
        for (word, code) in segments where Segment(rawValue: code) == nil {
            throw .invalid("\"\(word)\" maps to \"\(code)\", which is not a segment")
        }
    }

    public init(contentsOfFile path: String) throws(Failure) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw .unreadable("cannot read \(path)") }
        try self.init(yaml: text)
    }

    /// Compares header names and answer words: lower case, spaces collapsed, a trailing `*` or `:` dropped.
    public static func normalised(_ s: String) -> String {
        var t = s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let last = t.last, last == "*" || last == ":" { t.removeLast(); t = t.trimmingCharacters(in: .whitespaces) }
        return t
    }
}
