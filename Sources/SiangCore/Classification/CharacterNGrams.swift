/// The features the classifier counts: every run of `lengths` consecutive scalars of a normalised text,
/// each reduced to a 64-bit FNV-1a hash.
///
/// Character n-grams need no word segmentation, which Thai would otherwise require, and they tolerate
/// typos: a misspelt word still shares most of its n-grams with the correct one. The hash of an n-gram
/// is built by extending the hash of its prefix, so all lengths at one position cost one step each.
struct CharacterNGrams: Sendable, Equatable {
    var lengths: ClosedRange<Int>

    init(lengths: ClosedRange<Int> = 2...5) {
        precondition(lengths.lowerBound >= 1)
        self.lengths = lengths
    }

    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    static func extend(_ hash: UInt64, with scalar: UInt32) -> UInt64 {
        (hash ^ UInt64(scalar)) &* prime
    }

    /// Calls `body` with the hash of every n-gram of `scalars`, position by position, shortest first.
    /// A lone space is not a feature. Hashes are never 0.
    @inline(__always)
    func forEach(in scalars: UnsafeBufferPointer<UInt32>, _ body: (UInt64) -> Void) {
        let n = scalars.count
        let shortest = lengths.lowerBound
        let longest = lengths.upperBound
        var start = 0
        while start < n {
            let first = scalars[start]
            var hash = Self.offsetBasis
            var length = 0
            while length < longest, start + length < n {
                hash = Self.extend(hash, with: scalars[start + length])
                length += 1
                if length >= shortest, !(length == 1 && first == TextNormalizer.space) {
                    body(hash | 1)
                }
            }
            start += 1
        }
    }
}
