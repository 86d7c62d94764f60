/// Finds the words of a learned vocabulary in a normalised text, longest match first, and turns them
/// into features: each word and each pair of adjacent words, as 64-bit hashes.
///
/// Thai has no spaces between words, and ICU's dictionary segmentation (``WordBreaker``) costs tens of
/// microseconds a text, more than the classifier's whole budget. So the classifier segments its
/// training texts with ICU once, keeps the dictionary words it saw (normalised like the texts, see
/// ``TextNormalizer``), and on new texts matches that vocabulary greedily, longest word first, through
/// a trie whose transitions live in a ``FeatureTable``: about one lookup per character. Training texts
/// go through the same matcher, so training and classifying see the same words. Words add what
/// character n-grams miss: that `ตา` inside `ตาม` is not an eye, and which words stand next to which.
struct WordMatcher: Sendable, Equatable {
    /// Trie transitions: key = mix(node << 32 | scalar), row = child node - 1 (node 0 is the root).
    private var transitions = FeatureTable(minimumCapacity: 1_024)
    /// Per node: the feature hash of the word ending there, or 0 when no word ends there.
    private var wordHash: [UInt64] = [0]
    private(set) var wordCount = 0

    /// Words shorter than this many scalars (after normalisation) are not learned: single letters
    /// and two-letter particles say nothing and cut longer words short.
    static let shortestWord = 2

    /// The matcher of the dictionary words in `texts`, as ICU segments them.
    init(learningFrom texts: some Sequence<String>) {
        let breaker = WordBreaker()
        var seen = Set<[UInt32]>()
        for text in texts {
            for word in breaker.words(in: text) {
                let scalars = TextNormalizer.normalize(word)
                guard Self.isWord(scalars), seen.insert(scalars).inserted else { continue }
                add(scalars)
            }
        }
    }

    /// The matcher of exactly `words` (tests).
    init(words: [String]) {
        for word in words {
            let scalars = TextNormalizer.normalize(word)
            if Self.isWord(scalars) { add(scalars) }
        }
    }

    /// A normalised word worth learning: long enough, letters only (no digits, spaces or emoji).
    /// The matcher a saved classifier holds (``transitionSlots``, ``wordHashes``); nil if the parts do
    /// not fit together.
    init?(transitionSlots: [UInt64], transitionCount: Int, wordHashes: [UInt64]) {
        guard let table = FeatureTable(slots: transitionSlots, count: transitionCount),
              wordHashes.count == transitionCount + 1 else { return nil }
        transitions = table
        wordHash = wordHashes
        wordCount = wordHashes.count { $0 != 0 }
    }

    var transitionSlots: [UInt64] { transitions.slots }
    var transitionCount: Int { transitions.count }
    var wordHashes: [UInt64] { wordHash }

    static func isWord(_ scalars: [UInt32]) -> Bool {
        scalars.count >= shortestWord && scalars.allSatisfy { s in
            (0x0E01...0x0E4F).contains(s) || (0x61...0x7A).contains(s) || (0xDF...0xFF).contains(s)
        }
    }

    private mutating func add(_ scalars: [UInt32]) {
        var node: Int32 = 0
        for scalar in scalars {
            let (child, inserted) = transitions.insert(FeatureTable.transition(node, scalar))
            if inserted { wordHash.append(0) }
            node = child + 1
        }
        if wordHash[Int(node)] == 0 {
            wordHash[Int(node)] = Self.hash(of: scalars)
            wordCount += 1
        }
    }

    /// The feature hash of a normalised word, as ``forEach(in:_:)`` reports it.
    static func hash(of scalars: [UInt32]) -> UInt64 {
        var hash = CharacterNGrams.offsetBasis
        for scalar in scalars { hash = CharacterNGrams.extend(hash, with: scalar) }
        return FeatureTable.mix(hash ^ wordSalt) | 1
    }

    /// Keeps word hashes apart from the n-gram hashes of the same letters.
    private static let wordSalt: UInt64 = 0x574F_5244_5345_4721


    /// Calls `body` with the hash of every word matched in `scalars` and of every two words matched
    /// one right after the other. Where no word starts, the match moves on one scalar and the next
    /// word found is not paired with the one before.
    @inline(__always)
    func forEach(in scalars: UnsafeBufferPointer<UInt32>, _ body: (UInt64) -> Void) {
        forEach(in: scalars, pairs: true, body)
    }

    /// The same, with or without the pairs of words.
    @inline(__always)
    func forEach(in scalars: UnsafeBufferPointer<UInt32>, pairs: Bool, _ body: (UInt64) -> Void) {
        guard wordCount > 0 else { return }
        transitions.slots.withUnsafeBufferPointer { slots in
            wordHash.withUnsafeBufferPointer { hashes in
                let n = scalars.count
                var start = 0
                var previous: UInt64 = 0
                while start < n {
                    var node: Int32 = 0
                    var i = start
                    var longest: (end: Int, hash: UInt64) = (start, 0)
                    while i < n {
                        let child = FeatureTable.row(of: FeatureTable.transition(node, scalars[i]), in: slots)
                        if child < 0 { break }
                        node = child + 1
                        i += 1
                        let hash = hashes[Int(node)]
                        if hash != 0 { longest = (i, hash) }
                    }
                    if longest.hash == 0 {
                        previous = 0
                        start += 1
                        continue
                    }
                    body(longest.hash)
                    if pairs, previous != 0 { body(FeatureTable.mix(previous &+ longest.hash &* 31) | 1) }
                    previous = longest.hash
                    start = longest.end
                }
            }
        }
    }
}
