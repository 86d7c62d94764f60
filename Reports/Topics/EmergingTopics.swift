import Foundation
import SiangCore

/// One case's words as the emerging-topics analysis reads them: its category now, when it was
/// received, and the topic words of its subject and text (``TopicVocabulary``). The text itself never
/// enters the reports.
public struct TopicCase: Sendable, Equatable {
    public var category: String
    public var receivedAt: Date
    public var words: Set<String>

    public init(category: String, receivedAt: Date, words: Set<String>) {
        self.category = category
        self.receivedAt = receivedAt
        self.words = words
    }
}

/// A word whose share of a category's cases rose this month against the three months before.
public struct EmergingTopic: Sendable, Equatable {
    public var category: String
    /// A dictionary word of the classifier's corpus, spelt as the corpus spells it.
    public var word: String
    /// This month's cases of the category whose subject or text holds the word.
    public var cases: Int
    /// `cases` over this month's cases of the category, in per cent (0-100, as the Paretos).
    public var share: Double
    /// The same count over the three months before.
    public var previousCases: Int
    /// `previousCases` over the category's cases of the three months before, in per cent; 0 when it
    /// had none.
    public var previousShare: Double
    /// `share − previousShare`, in percentage points: the ranking key.
    public var rise: Double { share - previousShare }

    public init(category: String, word: String, cases: Int, share: Double, previousCases: Int, previousShare: Double) {
        self.category = category
        self.word = word
        self.cases = cases
        self.share = share
        self.previousCases = previousCases
        self.previousShare = previousShare
    }
}

/// Emerging topics (PMQA 2.1/3.1: finding new needs): per category, the words whose share of this
/// month's cases rose most against the three months before, with the counts.
///
/// Pure computation over the cases handed in (docs/reports.md, "Emerging topics"): a word counts once
/// per case; only words in at least ``minimumCases`` distinct cases of the month are shown, so no word
/// points at one person; at most ``perCategory`` words a category, ranked by the rise of their share,
/// then by this month's count, then by the word.
public enum EmergingTopics {
    public static let minimumCases = 3
    public static let perCategory = 5

    /// The vocabulary of the bundled corpus, segmented once per process (a fraction of a second).
    public static let shippedVocabulary: TopicVocabulary? = try? TopicVocabulary.shipped()

    /// The topic words of each case (subject and text), for the cases that have a category.
    public static func cases(_ texts: [(category: String?, receivedAt: Date, subject: String?, text: String)],
                             vocabulary: TopicVocabulary) -> [TopicCase] {
        texts.compactMap { t in
            guard let category = t.category else { return nil }
            let words = vocabulary.words(in: (t.subject.map { $0 + " " } ?? "") + t.text)
            return TopicCase(category: category, receivedAt: t.receivedAt, words: words)
        }
    }

    /// The topics of a monthly report (none for other periods, or without the corpus): reads the
    /// texts of the month and the three months before through `texts` (`[from, to)`), reduces them to
    /// words and ranks the words. `categories` are the taxonomy's codes, in its order.
    public static func find(for key: PeriodKey, asOf: Date, categories: [String],
                            texts: (Date, Date) async throws -> [(category: String?, receivedAt: Date, subject: String?, text: String)])
        async rethrows -> [EmergingTopic] {
        guard key.kind == .month, let vocabulary = shippedVocabulary else { return [] }
        let (current, before) = windows(for: key)
        let read = try await texts(before.lowerBound, min(current.upperBound, asOf.addingTimeInterval(0.001)))
        return find(current: current, before: before, asOf: asOf.addingTimeInterval(0.001),
                    cases: cases(read, vocabulary: vocabulary), categories: categories)
    }

    /// The month `[from, to)` and the three months before it.
    public static func windows(for key: PeriodKey) -> (current: Range<Date>, before: Range<Date>) {
        let earliest = key.previous.previous.previous.from
        return (key.from..<key.to, earliest..<key.from)
    }

    /// The topics of `current` against `before`, in the order of `categories`; cases received at or
    /// after `asOf` are not counted.
    public static func find(current: Range<Date>, before: Range<Date>, asOf: Date, cases: [TopicCase],
                            categories: [String]) -> [EmergingTopic] {
        var now: [String: (cases: Int, words: [String: Int])] = [:]
        var then: [String: (cases: Int, words: [String: Int])] = [:]
        for c in cases where c.receivedAt < asOf {
            if current.contains(c.receivedAt) {
                now[c.category, default: (0, [:])].cases += 1
                for w in c.words { now[c.category]!.words[w, default: 0] += 1 }
            } else if before.contains(c.receivedAt) {
                then[c.category, default: (0, [:])].cases += 1
                for w in c.words { then[c.category]!.words[w, default: 0] += 1 }
            }
        }
        var topics: [EmergingTopic] = []
        for category in categories {
            guard let month = now[category] else { continue }
            let earlier = then[category]
            let ranked = month.words.compactMap { word, count -> EmergingTopic? in
                guard count >= minimumCases else { return nil }
                let previous = earlier?.words[word] ?? 0
                let previousShare = (earlier?.cases ?? 0) > 0 ? 100 * Double(previous) / Double(earlier!.cases) : 0
                let topic = EmergingTopic(category: category, word: word, cases: count, share: 100 * Double(count) / Double(month.cases),
                                          previousCases: previous, previousShare: previousShare)
                return topic.rise > 0 ? topic : nil
            }.sorted { a, b in
                if a.rise != b.rise { return a.rise > b.rise }
                if a.cases != b.cases { return a.cases > b.cases }
                return a.word < b.word
            }
            topics += ranked.prefix(perCategory)
        }
        return topics
    }
}
