import SiangCore

/// Finds, among a million case facts, the few hundred thousand that survey answers name, without a
/// `Dictionary<TrackingID, …>` look-up per case: each ID is hashed once (FNV-1a over its text) into an
/// open-addressed table of plain integers, and a hit is confirmed by comparing the IDs themselves.
struct TrackingIDJoin {
    private var keys: [UInt64]
    /// Index into `ids`, -1 for an empty place.
    private var slots: [Int32]
    private var ids: [TrackingID] = []
    /// Case index per wanted ID (-1 until found).
    private var found: [Int] = []
    private let mask: Int

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity *= 2 }
        mask = capacity - 1
        keys = [UInt64](repeating: 0, count: capacity)
        slots = [Int32](repeating: -1, count: capacity)
        ids.reserveCapacity(expected)
        found.reserveCapacity(expected)
    }

    /// Asks for `id` (at most `expected` distinct IDs).
    mutating func want(_ id: TrackingID) {
        let h = Self.hash(id)
        var p = Int(truncatingIfNeeded: h) & mask
        while slots[p] >= 0 {
            if keys[p] == h, ids[Int(slots[p])] == id { return }
            p = (p + 1) & mask
        }
        keys[p] = h
        slots[p] = Int32(ids.count)
        ids.append(id)
        found.append(-1)
    }

    /// The place of `id` in `ids`, or nil when it is not wanted.
    private func place(_ id: TrackingID) -> Int? {
        let h = Self.hash(id)
        var p = Int(truncatingIfNeeded: h) & mask
        while slots[p] >= 0 {
            if keys[p] == h, ids[Int(slots[p])] == id { return Int(slots[p]) }
            p = (p + 1) & mask
        }
        return nil
    }

    /// Records `caseIndex` for `id` when it is wanted.
    mutating func offer(_ id: TrackingID, caseIndex: Int) {
        if let n = place(id) { found[n] = caseIndex }
    }

    /// The case index found for `id`, or -1.
    func caseIndex(_ id: TrackingID?) -> Int {
        guard let id, let n = place(id) else { return -1 }
        return found[n]
    }

    var isEmpty: Bool { ids.isEmpty }

    static func hash(_ id: TrackingID) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.prefix.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h = (h ^ 0x2d) &* 0x100_0000_01b3
        for byte in id.body.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
