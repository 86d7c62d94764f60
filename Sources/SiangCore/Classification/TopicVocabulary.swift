/// The words an emerging-topics report may show: the dictionary words of the classifier's training
/// corpus, as ICU segments it (``WordBreaker``), spelt as the corpus spells them.
///
/// A report about citizens' texts must not leak what identifies a person. A word is shown only when
/// it is a word of the corpus (written for the purpose, no real names, addresses or numbers), is made
/// of letters alone (no digits), and is not a function word: a word found in more than
/// ``generalShare`` of the corpus texts (ครับ, ที่, ไม่) says nothing new about any month. Words are
/// matched after normalisation (``TextNormalizer``), so `เปน` in a case counts as the corpus's `เป็น`.
public struct TopicVocabulary: Sendable {
    /// A word in more than this share of the corpus texts is a function word, never a topic.
    public static let generalShare = 0.05
    /// The shortest word shown, in normalised letters.
    public static let shortestWord = 3

    /// Normalised form -> the corpus's spelling (the first seen).
    private let spelling: [String: String]

    public var count: Int { spelling.count }

    public init(corpus texts: [String], generalShare: Double = Self.generalShare) {
        let breaker = WordBreaker()
        var first: [String: String] = [:]
        var textsWith: [String: Int] = [:]
        for text in texts {
            var inText = Set<String>()
            for word in breaker.words(in: text) {
                let scalars = TextNormalizer.normalize(word)
                guard scalars.count >= Self.shortestWord, WordMatcher.isWord(scalars) else { continue }
                let key = TextNormalizer.normalizedString(word)
                if first[key] == nil { first[key] = word }
                inText.insert(key)
            }
            for key in inText { textsWith[key, default: 0] += 1 }
        }
        let general = Double(texts.count) * generalShare
        spelling = first.filter { Double(textsWith[$0.key] ?? 0) <= general }
    }

    /// The vocabulary of the bundled training corpus.
    public static func shipped() throws(ClassifierError) -> TopicVocabulary {
        TopicVocabulary(corpus: try SeedCorpus.load().map(\.text))
    }

    /// The vocabulary words of `text`, each once, spelt as in the corpus.
    public func words(in text: String, breaker: WordBreaker) -> Set<String> {
        var found = Set<String>()
        for word in breaker.words(in: text) {
            if let known = spelling[TextNormalizer.normalizedString(word)] { found.insert(known) }
        }
        return found
    }

    /// Whether `word` (as the corpus spells it, or any spelling that normalises alike) is a topic word.
    public func contains(_ word: String) -> Bool { spelling[TextNormalizer.normalizedString(word)] != nil }
}
