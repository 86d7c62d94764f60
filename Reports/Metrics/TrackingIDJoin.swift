import SiangCore

/// Finds, among a million case facts, the few hundred thousand that survey answers name, by their
/// ``TrackingKey``s: an open-addressed table of the wanted keys (two integers each, compared exactly),
/// with a bit per place in front of it, small enough to stay in the cache, so the two cases in three
/// that no answer names are turned away without touching the table. Odd IDs (not of the canonical
/// shape, which the store never writes) are joined by the IDs themselves.
struct TrackingIDJoin {
    private var bodies: [UInt64]
    private var prefixes: [UInt32]
    /// Case index per place (-1 until found).
    private var found: [Int32]
    /// One bit per place: taken.
    private var taken: [UInt64]
    private let mask: Int
    private var oddFound: [TrackingID: Int] = [:]
    private(set) var isEmpty = true

    init(expected: Int) {
        var capacity = 64
        while capacity < expected * 2 { capacity *= 2 }
        mask = capacity - 1
        bodies = [UInt64](repeating: 0, count: capacity)
        prefixes = [UInt32](repeating: 0, count: capacity)
        found = [Int32](repeating: -1, count: capacity)
        taken = [UInt64](repeating: 0, count: capacity / 64)
    }

    /// Asks for `key` (`odd`: the ID of an odd key); ``TrackingKey/none`` asks for nothing. Returns the
    /// key's place in the table, where ``caseIndex(at:)`` finds its case without searching again; nil
    /// for none and odd keys.
    @discardableResult
    mutating func want(_ key: TrackingKey, odd: TrackingID?) -> Int? {
        if key.isNone { return nil }
        isEmpty = false
        if key.isOdd {
            if let odd, oddFound[odd] == nil { oddFound[odd] = -1 }
            return nil
        }
        var p = home(key)
        while isTaken(p) {
            if bodies[p] == key.body, prefixes[p] == key.prefix { return p }
            p = (p + 1) & mask
        }
        taken[p >> 6] |= 1 << UInt64(p & 63)
        bodies[p] = key.body
        prefixes[p] = key.prefix
        return p
    }

    /// The case index found for the key at `place` (from ``want(_:odd:)``), or -1.
    func caseIndex(at place: Int) -> Int { Int(found[place]) }

    /// Records `caseIndex` for `key` when it is wanted.
    mutating func offer(_ key: TrackingKey, odd: TrackingID?, caseIndex: Int) {
        if key.isOdd {
            if let odd, oddFound[odd] != nil { oddFound[odd] = caseIndex }
            return
        }
        if let p = place(key) { found[p] = Int32(caseIndex) }
    }

    /// The case index found for `key`, or -1.
    func caseIndex(_ key: TrackingKey, odd: TrackingID?) -> Int {
        if key.isNone { return -1 }
        if key.isOdd { return odd.flatMap { oddFound[$0] } ?? -1 }
        return place(key).map { Int(found[$0]) } ?? -1
    }

    private func place(_ key: TrackingKey) -> Int? {
        var p = home(key)
        while isTaken(p) {
            if bodies[p] == key.body, prefixes[p] == key.prefix { return p }
            p = (p + 1) & mask
        }
        return nil
    }

    private func isTaken(_ p: Int) -> Bool { taken[p >> 6] & (1 << UInt64(p & 63)) != 0 }

    private func home(_ key: TrackingKey) -> Int {
        // The body's bits are random (40 of them); mixed with the prefix and spread by a multiplier.
        let mixed = (key.body ^ UInt64(key.prefix) &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }
}
