/// The words an emerging-topics report may show: the dictionary words of the classifier's training
/// corpus, as ICU segments it (``WordBreaker``), spelt as the corpus spells it.
///
/// A report about citizens' texts must not leak what identifies a person. A word is shown only when
/// it is a word of the corpus (written for the purpose, no real names, addresses or numbers), is made
/// of letters alone (no digits), and is not a function word: a word found in more than
/// ``generalShare`` of the corpus texts (ครับ, ที่, ไม่) says nothing new about any month. ICU costs tens
/// of microseconds a text, too slow for a few months of cases, so case texts are read as the
/// classifier reads them (``WordMatcher``): normalised (``TextNormalizer``, so `เปน` counts as the
/// corpus's `เป็น`), the vocabulary matched longest word first.
public struct TopicVocabulary: Sendable {
    /// A word in more than this share of the corpus texts is a function word, never a topic.
    public static let generalShare = 0.05
    /// The shortest word shown, in normalised letters.
    public static let shortestWord = 3

    private let matcher: WordMatcher
    /// The hash of each normalised word -> the corpus's spelling (the first seen).
    private let spelling: [UInt64: String]

    public var count: Int { spelling.count }

    public init(corpus texts: [String], generalShare: Double = Self.generalShare) {
        let breaker = WordBreaker()
        var first: [[UInt32]: String] = [:]
        var textsWith: [[UInt32]: Int] = [:]
        for text in texts {
            var inText = Set<[UInt32]>()
            for word in breaker.words(in: text) {
                let scalars = TextNormalizer.normalize(word)
                guard scalars.count >= Self.shortestWord, WordMatcher.isWord(scalars) else { continue }
                if first[scalars] == nil { first[scalars] = word }
                inText.insert(scalars)
            }
            for key in inText { textsWith[key, default: 0] += 1 }
        }
        let general = Double(texts.count) * generalShare
        let kept = first.filter { Double(textsWith[$0.key] ?? 0) <= general }
        matcher = WordMatcher(words: kept.values.sorted())
        spelling = Dictionary(uniqueKeysWithValues: kept.map { (WordMatcher.hash(of: $0.key), $0.value) })
    }

    /// The vocabulary of the bundled training corpus.
    public static func shipped() throws(ClassifierError) -> TopicVocabulary {
        TopicVocabulary(corpus: try SeedCorpus.load().map(\.text))
    }

    /// The vocabulary words of `text`, each once, spelt as in the corpus.
    public func words(in text: String) -> Set<String> {
        var found = Set<String>()
        TextNormalizer.withNormalized(subject: nil, text: text) { scalars in
            matcher.forEach(in: scalars, pairs: false) { hash in
                if let word = spelling[hash] { found.insert(word) }
            }
        }
        return found
    }

    /// Whether `word` (as the corpus spells it, or any spelling that normalises alike) is a topic word.
    public func contains(_ word: String) -> Bool { spelling[WordMatcher.hash(of: TextNormalizer.normalize(word))] != nil }
}
