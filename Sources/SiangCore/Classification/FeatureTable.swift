/// A hash table from 64-bit feature hashes to dense row numbers (0, 1, 2, … in order of first
/// insertion), with open addressing and linear probing.
///
/// The classifier looks up every character n-gram of every text here, so each slot is one `UInt64`
/// holding both the key (its top 40 bits) and the row (the low 24 bits, plus one so that 0 marks an
/// empty slot): a lookup touches one cache line, hashes no `Hashable` wrapper and retains nothing.
/// Two keys that share their top 40 bits count as one feature, as in any hashed feature space; keys
/// should therefore be well mixed in their high bits (FNV-1a hashes are; see ``mix(_:)`` for others).
struct FeatureTable: Sendable, Equatable {
    private(set) var slots: [UInt64]
    /// How many keys the table holds; also the next row number.
    private(set) var count = 0

    static let rowBits: UInt64 = 24
    static let rowMask: UInt64 = (1 << rowBits) - 1
    /// The most rows a table can hold (16,777,214).
    static let capacityLimit = Int(rowMask) - 1

    init(minimumCapacity: Int = 1_024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
    }

    /// The row of `key`, or -1.
    func row(of key: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { Self.row(of: key, in: $0) }
    }

    /// The row of `key`, inserting it with the next row number when absent.
    /// A table as ``slots`` and ``count`` gave it (a saved classifier); nil unless it is one this type
    /// could have built: a power-of-two size at most half full, every row below `count` once.
    init?(slots: [UInt64], count: Int) {
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, count >= 0, count * 2 <= slots.count,
              count <= Self.capacityLimit else { return nil }
        var seen = [Bool](repeating: false, count: count)
        var filled = 0
        for entry in slots where entry != 0 {
            let row = Int(entry & Self.rowMask) - 1
            guard row >= 0, row < count, !seen[row] else { return nil }
            seen[row] = true
            filled += 1
        }
        guard filled == count else { return nil }
        self.slots = slots
        self.count = count
    }

    mutating func insert(_ key: UInt64) -> (row: Int32, inserted: Bool) {
        if (count + 1) * 2 > slots.count { grow() }
        let tag = key >> Self.rowBits
        let mask = slots.count - 1
        var slot = Self.slot(for: tag, mask: mask)
        while true {
            let entry = slots[slot]
            if entry == 0 {
                precondition(count < Self.capacityLimit, "the classifier's feature table is full")
                slots[slot] = tag << Self.rowBits | UInt64(count + 1)
                count += 1
                return (Int32(count - 1), true)
            }
            if entry >> Self.rowBits == tag { return (Int32(truncatingIfNeeded: entry & Self.rowMask) - 1, false) }
            slot = (slot + 1) & mask
        }
    }

    /// The lookup the hot path uses, on a buffer it has already opened.
    @inline(__always)
    static func row(of key: UInt64, in slots: UnsafeBufferPointer<UInt64>) -> Int32 {
        let tag = key >> rowBits
        let mask = slots.count - 1
        var slot = slot(for: tag, mask: mask)
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            if entry >> rowBits == tag { return Int32(truncatingIfNeeded: entry & rowMask) - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The rows of many keys at once (-1 for a key not in the table), in two passes: first every key's
    /// home slot is read, reads that do not depend on each other and so overlap their cache misses;
    /// then the few keys whose home slot holds another key probe on from there.
    static func rows(of keys: UnsafeBufferPointer<UInt64>, in slots: UnsafeBufferPointer<UInt64>,
                     into rows: UnsafeMutableBufferPointer<Int32>) {
        let mask = slots.count - 1
        let collided: Int32 = -2
        for i in 0..<keys.count {
            let tag = keys[i] >> rowBits
            let entry = slots[slot(for: tag, mask: mask)]
            let row = Int32(truncatingIfNeeded: entry & rowMask) - 1
            rows[i] = entry == 0 ? -1 : (entry >> rowBits == tag ? row : collided)
        }
        for i in 0..<keys.count where rows[i] == collided {
            rows[i] = row(of: keys[i], in: slots)
        }
    }

    /// Spreads the bits of a structured key (a trie transition, a label number) over all 64 bits
    /// (the SplitMix64 finaliser, a bijection).
    static func mix(_ key: UInt64) -> UInt64 {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The key of a trie transition from `node` on `scalar` (``KeywordRules``, ``WordMatcher``).
    @inline(__always)
    static func transition(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        mix(UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar))
    }

    /// Where probing for `tag` (a key's top 40 bits) starts. It depends on the tag alone, so the
    /// table can grow without the full keys.
    @inline(__always)
    private static func slot(for tag: UInt64, mask: Int) -> Int {
        let mixed = (tag ^ (tag >> 21)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            var slot = Self.slot(for: entry >> Self.rowBits, mask: mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}
