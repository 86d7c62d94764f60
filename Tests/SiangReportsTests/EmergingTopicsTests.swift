import Foundation
import Testing
import SiangCore
@testable import SiangReports

/// Emerging topics on a small fixture worked out by hand (docs/reports.md, "Emerging topics").
@Suite("Emerging topics")
struct EmergingTopicsTests {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Date { ReportFixture.bkk(y, m, d, h, 0) }

    static func topic(_ category: String, _ y: Int, _ m: Int, _ d: Int, _ words: Set<String>) -> TopicCase {
        TopicCase(category: category, receivedAt: bkk(y, m, d, 10), words: words)
    }

    @Test func wordsWhoseShareRoseMostComeFirstWithTheirCounts() throws {
        let key = try PeriodKey.parse("2025-10", kind: .month)
        let (current, before) = EmergingTopics.windows(for: key)
        #expect(current == Self.bkk(2025, 10, 1)..<Self.bkk(2025, 11, 1))
        #expect(before == Self.bkk(2025, 7, 1)..<Self.bkk(2025, 10, 1))
        let cases = [
            // water, October: 4 cases. ขุ่น in 3 (75 %), น้ำประปา in 4 (100 %), ท่อแตก in 1 (too few to show).
            Self.topic("water", 2025, 10, 2, ["น้ำประปา", "ขุ่น"]), Self.topic("water", 2025, 10, 9, ["น้ำประปา", "ขุ่น"]),
            Self.topic("water", 2025, 10, 20, ["น้ำประปา", "ขุ่น"]), Self.topic("water", 2025, 10, 31, ["น้ำประปา", "ท่อแตก"]),
            // water, July to September: 5 cases. ขุ่น in 1 (20 %), น้ำประปา in 3 (60 %).
            Self.topic("water", 2025, 7, 1, ["น้ำประปา"]), Self.topic("water", 2025, 8, 15, ["น้ำประปา"]),
            Self.topic("water", 2025, 9, 30, ["น้ำประปา"]), Self.topic("water", 2025, 9, 3, ["ท่อแตก"]),
            Self.topic("water", 2025, 8, 3, ["ขุ่น"]),
            // Outside both windows: June, and November after the figures' instant.
            Self.topic("water", 2025, 6, 30, ["ขุ่น"]), Self.topic("water", 2025, 11, 2, ["ขุ่น"]),
            // road: 3 cases with หลุม in October, none before: 100 % against 0.
            Self.topic("road", 2025, 10, 5, ["หลุม"]), Self.topic("road", 2025, 10, 6, ["หลุม"]), Self.topic("road", 2025, 10, 7, ["หลุม"]),
            // waste: ขยะ in every case then and now: no rise, not emerging.
            Self.topic("waste", 2025, 10, 5, ["ขยะ"]), Self.topic("waste", 2025, 10, 6, ["ขยะ"]), Self.topic("waste", 2025, 10, 7, ["ขยะ"]),
            Self.topic("waste", 2025, 9, 5, ["ขยะ"]), Self.topic("waste", 2025, 8, 6, ["ขยะ"]),
        ]
        let topics = EmergingTopics.find(current: current, before: before, asOf: Self.bkk(2025, 11, 1), cases: cases,
                                         categories: ["road", "water", "waste"])
        #expect(topics == [
            EmergingTopic(category: "road", word: "หลุม", cases: 3, share: 100, previousCases: 0, previousShare: 0),
            EmergingTopic(category: "water", word: "ขุ่น", cases: 3, share: 75, previousCases: 1, previousShare: 20),
            EmergingTopic(category: "water", word: "น้ำประปา", cases: 4, share: 100, previousCases: 3, previousShare: 60),
        ])
        #expect(topics.map(\.rise) == [100, 55, 40])
    }

    @Test func aWordInFewerThanThreeCasesIsNeverShown() throws {
        let key = try PeriodKey.parse("2025-10", kind: .month)
        let (current, before) = EmergingTopics.windows(for: key)
        let cases = [Self.topic("road", 2025, 10, 5, ["หลุม"]), Self.topic("road", 2025, 10, 6, ["หลุม"])]
        #expect(EmergingTopics.find(current: current, before: before, asOf: Self.bkk(2025, 11, 1), cases: cases, categories: ["road"]).isEmpty)
    }

    @Test func onlyDictionaryWordsOfTheCorpusCountNeverDigitsOrUnknownWords() {
        let vocabulary = TopicVocabulary(corpus: ["น้ำประปาขุ่นมาก", "ถนนเป็นหลุม", "pipe burst"], generalShare: 1)
        let words = vocabulary.words(in: "น้ำประปาขุ่น ซอย 12 บ้านเลขที่ 99/1 คุณสมหญิง pipe")
        #expect(words.contains("ขุ่น"))
        #expect(words.contains("pipe"))
        #expect(!words.contains { $0.contains { $0.isNumber } })
        #expect(!words.contains("สมหญิง"), "a word the corpus never used is not shown")
        #expect(!vocabulary.contains("12"))
        // Spellings that normalise alike count as the corpus's word.
        #expect(vocabulary.words(in: "ถนนเปนหลุม").contains("หลุม"))
    }

    @Test func functionWordsOfTheShippedCorpusAreNotTopics() throws {
        let vocabulary = try TopicVocabulary.shipped()
        #expect(vocabulary.count > 1_000)
        #expect(!vocabulary.contains("ครับ"))
        #expect(!vocabulary.contains("ที่"))
        #expect(vocabulary.contains("ขยะ") || vocabulary.contains("หลุม"))
    }

    @Test func theMonthlyJSONCarriesTheTopicsAndReadsThemBack() throws {
        var document = try ReportFixture.report(.month, "2025-10", ReportFixture.inputs())
        document.emergingTopics = [EmergingTopic(category: "water", word: "ขุ่น", cases: 3, share: 75, previousCases: 1, previousShare: 20)]
        let json = ReportJSON.encode(document)
        #expect(json.contains(#""emergingTopics":[{"cases":3,"category":"water","previousCases":1,"previousShare":20,"rise":55,"share":75,"word":"ขุ่น"}]"#))
        #expect(try ReportJSON.decode(json).emergingTopics == document.emergingTopics)
    }

    @Test func thePrintedMonthlyReportListsTheTopicsInThai() throws {
        var document = try ReportFixture.report(.month, "2025-10", ReportFixture.inputs())
        let empty = ReportHTML.render(document, labels: ReportRenderingFixtures.labels, language: .th, options: .init())
        #expect(empty.contains("ประเด็นที่เพิ่มขึ้นในเดือนนี้"))
        #expect(empty.contains("ไม่มีข้อมูลในงวดนี้"))
        document.emergingTopics = [EmergingTopic(category: "water", word: "ขุ่น", cases: 3, share: 75, previousCases: 1, previousShare: 20)]
        let html = ReportHTML.render(document, labels: ReportRenderingFixtures.labels, language: .th, options: .init())
        #expect(html.contains("<td>ขุ่น</td><td class=\"num\">3</td><td class=\"num\">75</td><td class=\"num\">1</td><td class=\"num\">20</td>"))
        let english = ReportHTML.render(document, labels: ReportRenderingFixtures.labels, language: .en, options: .init())
        #expect(english.contains("Emerging topics this month"))
    }
}
