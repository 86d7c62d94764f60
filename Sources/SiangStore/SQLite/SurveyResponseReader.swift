import Foundation

/// The ratings and reason codes of a stored survey answer (`survey_answers.response`, a
/// ``SurveyResponse`` as the store's encoder writes it), read straight from its bytes for the reports.
///
/// A fiscal-year report reads every answer ever given, hundreds of thousands of them; Foundation's
/// `JSONDecoder` cost more per answer than everything else in the report. This reads the one shape
/// the encoder writes: an object with `choices`, `ratings` and `reasons`, and `comment` and
/// `reasonText` when given. Whatever else it meets (an escape in a string, a number that is not a
/// plain integer, a key it does not know or one given twice, a missing field, bytes after the object)
/// makes ``read(_:)`` answer false, and the caller decodes that answer with `JSONDecoder`: the
/// figures never depend on which way an answer was read, and a broken answer fails as it always did.
struct SurveyResponseReader {
    /// Question ids and reason codes met before, by their bytes: a handful of distinct values, each a
    /// place in the caller's list of names (``SurveyFactColumns/place(_:)``).
    private var names = InternedColumn<Int32>()
    /// The ratings of the answer read last, in the order written, question ids as places.
    private(set) var ratings: [(id: Int32, score: Int)] = []
    /// The reason codes of the answer read last, in the order given, as places.
    private(set) var reasons: [Int32] = []

    /// The rating of question `id` (a place) in the answer read last.
    func rating(_ id: Int32) -> Int? {
        for r in ratings where r.id == id { return r.score }
        return nil
    }

    /// Reads one answer's JSON, question ids and reason codes made places by `place`; false when it is
    /// not the shape this reads and must be decoded instead.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, place: (String) -> Int32) -> Bool {
        ratings.removeAll(keepingCapacity: true)
        reasons.removeAll(keepingCapacity: true)
        var c = JSONCursor(bytes)
        var seen: UInt8 = 0
        guard c.take(UInt8(ascii: "{")) else { return false }
        if !c.take(UInt8(ascii: "}")) {
            repeat {
                guard let key = c.string(), let field = Field(key), seen & field.rawValue == 0, c.take(UInt8(ascii: ":")) else { return false }
                seen |= field.rawValue
                switch field {
                case .choices: guard readChoices(&c) else { return false }
                case .ratings: guard readRatings(&c, place: place) else { return false }
                case .reasons: guard readReasons(&c, place: place) else { return false }
                case .comment, .reasonText: guard c.takeNull() || c.string() != nil else { return false }
                }
            } while c.take(UInt8(ascii: ","))
            guard c.take(UInt8(ascii: "}")) else { return false }
        }
        // The three collections have no default in `SurveyResponse`: without one the decoder refuses the answer.
        let required = Field.choices.rawValue | Field.ratings.rawValue | Field.reasons.rawValue
        return c.atEnd && seen & required == required
    }

    /// `{"question": "option", …}`: checked, not kept (the reports do not read choices).
    private func readChoices(_ c: inout JSONCursor) -> Bool {
        var keys: [UnsafeBufferPointer<UInt8>] = []
        return c.object { c, key in
            guard !keys.contains(where: { $0.elementsEqual(key) }), c.string() != nil else { return false }
            keys.append(key)
            return true
        }
    }

    /// `{"question": 1…5, …}`, each question once.
    private mutating func readRatings(_ c: inout JSONCursor, place: (String) -> Int32) -> Bool {
        c.object { c, key in
            guard let score = c.integer(), let id = names.value(key, make: place), !ratings.contains(where: { $0.id == id }) else {
                return false
            }
            ratings.append((id, score))
            return true
        }
    }

    /// `["code", …]`.
    private mutating func readReasons(_ c: inout JSONCursor, place: (String) -> Int32) -> Bool {
        guard c.take(UInt8(ascii: "[")) else { return false }
        if c.take(UInt8(ascii: "]")) { return true }
        repeat {
            guard let code = c.string(), let name = names.value(code, make: place) else { return false }
            reasons.append(name)
        } while c.take(UInt8(ascii: ","))
        return c.take(UInt8(ascii: "]"))
    }

    /// The keys of a stored ``SurveyResponse``, one bit each.
    private enum Field: UInt8, CaseIterable {
        case choices = 1, comment = 2, ratings = 4, reasonText = 8, reasons = 16

        var name: StaticString {
            switch self {
            case .choices: "choices"
            case .comment: "comment"
            case .ratings: "ratings"
            case .reasonText: "reasonText"
            case .reasons: "reasons"
            }
        }

        init?(_ key: UnsafeBufferPointer<UInt8>) {
            guard let field = Self.allCases.first(where: { f in
                let name = f.name
                return name.utf8CodeUnitCount == key.count
                    && UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount).elementsEqual(key)
            }) else { return nil }
            self = field
        }
    }
}

/// A position in JSON text, for ``SurveyResponseReader``: each method takes one token (after any
/// whitespace) or answers nil/false and leaves the rest unread.
struct JSONCursor {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return i == bytes.count
        }
    }

    /// Takes `byte` when it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    mutating func takeNull() -> Bool {
        skipSpace()
        guard bytes.count - i >= 4, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
              bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else { return false }
        i += 4
        return true
    }

    /// A string without escapes, as its UTF-8 bytes (checked); nil for anything else, an escaped string too.
    mutating func string() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        var ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return ascii || Self.isUTF8(text) ? text : nil
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        return nil
    }

    /// A plain integer (`-`, then digits without a leading zero), not followed by a fraction or an exponent.
    mutating func integer() -> Int? {
        skipSpace()
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let start = i
        var value = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(bytes[i] - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        let digits = i - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e") { return nil }
        return negative ? -value : value
    }

    /// `{` then `"key": value` pairs, each value taken by `member`, then `}`.
    mutating func object(_ member: (inout JSONCursor, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private static func isUTF8(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = text.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
