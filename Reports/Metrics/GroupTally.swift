/// The breakdown keys of one report: per dimension (`channel`, `category`, …), each key text gets a
/// small number once, so tallies add into flat arrays instead of hashing a text per case and metric.
struct GroupKeys {
    /// Written where a case or answer has no value for a dimension.
    static let none = "none"

    let dimensions: [String]
    private(set) var names: [[String]]
    private var numbers: [[String: Int]]
    private var byOrdinal: [[Int]]

    init(dimensions: [String]) {
        self.dimensions = dimensions
        names = Array(repeating: [], count: dimensions.count)
        numbers = Array(repeating: [:], count: dimensions.count)
        byOrdinal = Array(repeating: [], count: dimensions.count)
    }

    /// The number of a key known by a small number of its own (an enum case's position, a place in a
    /// list of names), remembered by that number so the text is hashed once. Within a dimension an
    /// ordinal must always stand for the same key.
    mutating func number(_ dimension: Int, ordinal: Int, _ key: String) -> Int {
        if let n = known(dimension, ordinal: ordinal) { return n }
        let n = number(dimension, key)
        if byOrdinal[dimension].count <= ordinal {
            byOrdinal[dimension].append(contentsOf: repeatElement(-1, count: ordinal + 1 - byOrdinal[dimension].count))
        }
        byOrdinal[dimension][ordinal] = n
        return n
    }

    /// The number already given to `ordinal`'s key, if any: a caller whose key text costs something
    /// to make asks this first.
    func known(_ dimension: Int, ordinal: Int) -> Int? {
        ordinal < byOrdinal[dimension].count && byOrdinal[dimension][ordinal] >= 0 ? byOrdinal[dimension][ordinal] : nil
    }

    mutating func number(_ dimension: Int, _ key: String?) -> Int {
        let text = key ?? Self.none
        if let n = numbers[dimension][text] { return n }
        let n = names[dimension].count
        names[dimension].append(text)
        numbers[dimension][text] = n
        return n
    }
}

/// One metric's numerator and denominator, overall and per breakdown key. A count is a tally whose
/// denominator is unused; a share is numerator ÷ denominator × 100; a mean's numerator is the sum of
/// scores. Rows exist for every key seen in the metric's population, even when their denominator is 0
/// (their value is then null).
struct GroupTally {
    var numerator = 0.0
    var denominator = 0.0
    private(set) var byNumerator: [[Double]]
    private(set) var byDenominator: [[Double]]
    private(set) var seen: [[Bool]]

    init(dimensions: Int) {
        byNumerator = Array(repeating: [], count: dimensions)
        byDenominator = Array(repeating: [], count: dimensions)
        seen = Array(repeating: [], count: dimensions)
    }

    /// Adds to the overall figure and, when `keys` is given (the report's own period), to each key's.
    mutating func add(numerator n: Double, denominator d: Double, keys: [Int]?) {
        numerator += n
        denominator += d
        guard let keys else { return }
        for (dimension, key) in keys.enumerated() where dimension < seen.count {
            if seen[dimension].count <= key {
                let grow = key + 1 - seen[dimension].count
                byNumerator[dimension].append(contentsOf: repeatElement(0, count: grow))
                byDenominator[dimension].append(contentsOf: repeatElement(0, count: grow))
                seen[dimension].append(contentsOf: repeatElement(false, count: grow))
            }
            byNumerator[dimension][key] += n
            byDenominator[dimension][key] += d
            seen[dimension][key] = true
        }
    }

    /// The breakdown rows, keys sorted, with `value` computed from each key's numerator and denominator.
    func rows(_ names: GroupKeys, dimensions: Range<Int>? = nil,
              value: (Double, Double) -> Double?, shares: Bool) -> [String: [BreakdownRow]] {
        var out: [String: [BreakdownRow]] = [:]
        for dimension in dimensions ?? 0..<seen.count {
            var rows: [BreakdownRow] = []
            for key in seen[dimension].indices where seen[dimension][key] {
                let n = byNumerator[dimension][key], d = byDenominator[dimension][key]
                rows.append(BreakdownRow(key: names.names[dimension][key], value: value(n, d),
                                         numerator: shares ? n : nil, denominator: shares ? d : nil))
            }
            out[names.dimensions[dimension]] = rows.sorted { $0.key < $1.key }
        }
        return out
    }
}

/// Values gathered for a median, overall and per breakdown key.
struct GroupValues {
    var all: [Double] = []
    private(set) var byKey: [[[Double]]]

    init(dimensions: Int) { byKey = Array(repeating: [], count: dimensions) }

    mutating func add(_ value: Double, keys: [Int]?) {
        all.append(value)
        guard let keys else { return }
        for (dimension, key) in keys.enumerated() where dimension < byKey.count {
            if byKey[dimension].count <= key {
                byKey[dimension].append(contentsOf: repeatElement([], count: key + 1 - byKey[dimension].count))
            }
            byKey[dimension][key].append(value)
        }
    }

    /// The median (mean of the two middle values for an even count); nil for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Breakdown rows for keys seen in `population` (a key whose cases resolved none has a null median).
    func rows(_ names: GroupKeys, population: GroupTally, dimensions: Range<Int>) -> [String: [BreakdownRow]] {
        var out: [String: [BreakdownRow]] = [:]
        let keyed = population.rows(names, dimensions: dimensions, value: { _, _ in nil }, shares: false)
        for dimension in dimensions {
            let name = names.dimensions[dimension]
            out[name] = (keyed[name] ?? []).map { row in
                let key = names.names[dimension].firstIndex(of: row.key)!
                let values = key < byKey[dimension].count ? byKey[dimension][key] : []
                return BreakdownRow(key: row.key, value: Self.median(values))
            }
        }
        return out
    }
}
