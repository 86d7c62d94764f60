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
    /// Per dimension and key, flat: key `k` of dimension `d` is at `d * width + k`. The report's own
    /// period adds a million cases into five dimensions of several tallies: one flat array each, not an
    /// array per dimension, keeps that to one checked store a figure.
    private var byNumerator: [Double]
    private var byDenominator: [Double]
    private var seen: [Bool]
    private var width = 16
    private let dimensions: Int

    init(dimensions: Int) {
        self.dimensions = dimensions
        byNumerator = Array(repeating: 0, count: dimensions * width)
        byDenominator = Array(repeating: 0, count: dimensions * width)
        seen = Array(repeating: false, count: dimensions * width)
    }

    /// Adds to the overall figure and, when `keys` is given (the report's own period), to each key's.
    mutating func add(numerator n: Double, denominator d: Double, keys: [Int]?) {
        numerator += n
        denominator += d
        guard let keys else { return }
        for dimension in 0..<min(keys.count, dimensions) {
            let key = keys[dimension]
            if key >= width { widen(to: key + 1) }
            let at = dimension * width + key
            byNumerator[at] += n
            byDenominator[at] += d
            seen[at] = true
        }
    }

    /// Room for keys below `keys` in every dimension, each dimension's figures kept at their keys.
    private mutating func widen(to keys: Int) {
        var wider = width
        while wider < keys { wider *= 2 }
        func moved<T>(_ values: [T], _ zero: T) -> [T] {
            var out = [T](repeating: zero, count: dimensions * wider)
            for dimension in 0..<dimensions {
                for key in 0..<width { out[dimension * wider + key] = values[dimension * width + key] }
            }
            return out
        }
        byNumerator = moved(byNumerator, 0)
        byDenominator = moved(byDenominator, 0)
        seen = moved(seen, false)
        width = wider
    }

    /// The breakdown rows, keys sorted, with `value` computed from each key's numerator and denominator.
    func rows(_ names: GroupKeys, dimensions: Range<Int>? = nil,
              value: (Double, Double) -> Double?, shares: Bool) -> [String: [BreakdownRow]] {
        var out: [String: [BreakdownRow]] = [:]
        for dimension in dimensions ?? 0..<self.dimensions {
            var rows: [BreakdownRow] = []
            for key in 0..<width where seen[dimension * width + key] {
                let n = byNumerator[dimension * width + key], d = byDenominator[dimension * width + key]
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
