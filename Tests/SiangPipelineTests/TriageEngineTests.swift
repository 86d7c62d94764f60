import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

@Suite struct TriageEngineTests {
    let now = bangkok(2026, 11, 16, 10, 0)  // a Monday morning

    @Test func aConfidentClassificationIsRoutedByTheRules() async throws {
        let store = try temporaryStore()
        let (pipeline, _, _) = try triageFixture(store: store, now: now)
        let r = try #require(created(try await pipeline.submit(Intake(text: "ไฟส่องสว่างดับทั้งซอย มืดมาก", channel: .web, receivedAt: now))))
        #expect(r.category == "lighting")
        let record = try #require(try await store.record(r.trackingId))
        #expect(record.state.queue == "engineering")
        #expect(record.state.priority == .normal)
        let events = try await store.events(of: r.trackingId)
        guard case .categorized(let c) = events[1].change else { Issue.record("no categorized event: \(events)"); return }
        #expect(c.category == "lighting" && (c.confidence ?? 0) >= 0.6)
    }

    @Test func keywordsRaisePriorityAndPickTheQueue() async throws {
        let store = try temporaryStore()
        let (pipeline, _, _) = try triageFixture(store: store, now: now)
        let r = try #require(created(try await pipeline.submit(Intake(text: "สายไฟฟ้าขาดพาดถนน มีประกายไฟ", channel: .web, receivedAt: now, category: "lighting"))))
        let record = try #require(try await store.record(r.trackingId))
        #expect(record.state.queue == "disaster")
        #expect(record.state.priority == .urgent)
    }

    @Test func lowConfidenceCasesWaitInTheTriageQueueWithTheGuessAsASuggestion() async throws {
        let store = try temporaryStore()
        let (pipeline, _, _) = try triageFixture(store: store, now: now, configYAML: "classifier: {confidenceThreshold: 0.95}")
        let r = try #require(created(try await pipeline.submit(Intake(text: "ช่วยมาดูหน่อยครับ ที่ซอยสามมีปัญหา", channel: .web, receivedAt: now))))
        #expect(r.category == nil)
        let record = try #require(try await store.record(r.trackingId))
        #expect(record.state.queue == "triage")
        #expect(record.state.category == nil)
        let events = try await store.events(of: r.trackingId)
        let suggestion = events.compactMap { if case .suggested(let s) = $0.change { return s }; return nil }.first
        #expect(suggestion != nil && (suggestion?.confidence ?? 1) < 0.95)
    }

    @Test func corruptionOnlyEverGoesToTheIntegrityQueue() async throws {
        let store = try temporaryStore()
        let (pipeline, _, _) = try triageFixture(store: store, now: now, configYAML: """
            classifier: {confidenceThreshold: 0.999}
            routing:
              rules:
                - {keywords: [เงิน], queue: engineering, priority: urgent}
            """)
        for intake in [Intake(text: "เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ", channel: .web, receivedAt: now),
                       Intake(text: "มีคนเรียกเงิน", channel: .web, receivedAt: now, category: "corruption")] {
            let r = try #require(created(try await pipeline.submit(intake)))
            let record = try #require(try await store.record(r.trackingId))
            #expect(record.state.category == "corruption")
            #expect(record.state.queue == "integrity")
        }
    }

    @Test func theReceiptCarriesTheDueTimes() async throws {
        let store = try temporaryStore()
        let (pipeline, sla, _) = try triageFixture(store: store, now: now)
        let r = try #require(created(try await pipeline.submit(Intake(text: "ขยะไม่มีคนเก็บหนึ่งสัปดาห์", channel: .web, receivedAt: now, category: "waste"))))
        let expected = sla.due(receivedAt: now, category: "waste", priority: .normal)
        #expect(r.sla?.firstResponseDueAt == expected.firstResponseDueAt)
        #expect(r.sla?.resolutionDueAt == expected.resolutionDueAt)
        #expect(r.sla?.state == "on_track")
        // Monday 10:00 + 1 business day = Tuesday 10:00.
        #expect(expected.firstResponseDueAt == bangkok(2026, 11, 17, 10, 0))
    }

    @Test func aLookAlikeOfAnOpenCaseIsFlagged() async throws {
        let store = try temporaryStore()
        let (pipeline, _, _) = try triageFixture(store: store, now: now)
        let first = try #require(created(try await pipeline.submit(Intake(text: "น้ำประปาไม่ไหลทั้งหมู่บ้านสุขใจ ตั้งแต่เมื่อวาน", channel: .web, receivedAt: now, category: "water"))))
        let second = try #require(created(try await pipeline.submit(Intake(text: "น้ำประปาไม่ไหลทั้งหมู่บ้านสุขใจ ตั้งแต่เมื่อวานค่ะ", channel: .line, receivedAt: now.addingTimeInterval(3600), category: "water"))))
        let unrelated = try #require(created(try await pipeline.submit(Intake(text: "ท่อระบายน้ำหน้าตลาดอุดตันส่งกลิ่น", channel: .web, receivedAt: now, category: "water"))))
        let flagged = try await store.events(of: second.trackingId).compactMap { e -> PossibleDuplicate? in
            if case .possibleDuplicate(let d) = e.change { return d }
            return nil
        }
        #expect(flagged.map(\.of) == [first.trackingId])
        #expect((flagged.first?.similarity ?? 0) >= 0.6)
        let none = try await store.events(of: unrelated.trackingId).filter { $0.change.type == "possible_duplicate" }
        #expect(none.isEmpty)
    }

    @Test func similarityIsJaccardOfCharacterTrigrams() {
        let a = DuplicateFinder.trigrams("abcd")
        #expect(a.count == 2)
        #expect(DuplicateFinder.similarity(a, a) == 1)
        #expect(DuplicateFinder.similarity(a, DuplicateFinder.trigrams("xyzw")) == 0)
        #expect(DuplicateFinder.similarity(DuplicateFinder.trigrams("ไฟ ดับ"), DuplicateFinder.trigrams("ไฟดับ")) == 1)
        // Repeated trigrams count once: "aaaa" is the one trigram "aaa".
        #expect(DuplicateFinder.trigrams("aaaa").count == 1)
        #expect(DuplicateFinder.similarity(DuplicateFinder.trigrams("aaaab"), DuplicateFinder.trigrams("aaab")) == 1)
    }

    /// The merging walk over sorted trigrams gives the Jaccard index that sets give.
    @Test func similarityMatchesSetIntersectionOnThaiTexts() {
        let words = ["ไฟ", "ถนน", "ดับ", "ทั้ง", "ซอย", "น้ำ", "ไม่", "ไหล", "ขยะ", "ล้น", "หน้า", "บ้าน", "A", "b", " ", "1"]
        var g = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let x = (0..<Int.random(in: 0...10, using: &g)).map { _ in words.randomElement(using: &g)! }.joined()
            let y = (0..<Int.random(in: 0...10, using: &g)).map { _ in words.randomElement(using: &g)! }.joined()
            let a = Set(DuplicateFinder.trigrams(x)), b = Set(DuplicateFinder.trigrams(y))
            let expected = a.isEmpty || b.isEmpty ? 0 : Double(a.intersection(b).count) / Double(a.union(b).count)
            #expect(DuplicateFinder.similarity(DuplicateFinder.trigrams(x), DuplicateFinder.trigrams(y)) == expected, "\(x) | \(y)")
        }
    }

    /// The cache gives the set the text gives, keeps one set per case, and starts again when full.
    @Test func theTrigramCacheGivesTheTextsOwnSetsWithinItsBound() {
        let textA = "ไฟส่องสว่างดับทั้งซอย", textB = "ถนนหน้าตลาดเป็นหลุมบ่อ"
        let (gramsA, gramsB) = (DuplicateFinder.trigrams(textA), DuplicateFinder.trigrams(textB))
        let cache = TrigramCache(capacity: gramsA.count + gramsB.count)
        let a = TrackingID(storedCanonical: "CMP-69K7MQ2XDJ0"), b = TrackingID(storedCanonical: "CMP-69K7MQ2XDJ1")
        #expect(cache.trigrams(of: a, text: textA) == gramsA)
        #expect(cache.trigrams(of: a, text: textA) == gramsA)
        #expect(cache.count == 1)
        #expect(cache.trigrams(of: b, text: textB) == gramsB)
        #expect(cache.count == 2)
        // The bound is reached: a third case's set makes the cache start again with it alone.
        let c = TrackingID(storedCanonical: "CMP-69K7MQ2XDJ2")
        #expect(cache.trigrams(of: c, text: textA) == gramsA)
        #expect(cache.count == 1)
        // A set larger than the whole bound is worked out and given, never kept.
        let long = String(repeating: "น้ำประปาไม่ไหลตั้งแต่เช้า", count: 4)
        #expect(cache.trigrams(of: a, text: long) == DuplicateFinder.trigrams(long))
        #expect(cache.count == 1)
    }

    /// A finder whose cache holds the candidates answers as a finder that works every set out anew.
    @Test func aWarmFinderFlagsWhatAColdOneFlags() async throws {
        let store = try temporaryStore()
        let (pipeline, _, config) = try triageFixture(store: store, now: now)
        let texts = ["ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว ซอยสุขใจ", "ถังขยะล้นหน้าตลาดสดเทศบาล", "ขยะส่งกลิ่นเหม็นริมคลองหลังวัด"]
        for (n, text) in texts.enumerated() {
            _ = try await pipeline.submit(Intake(text: text, channel: .web, receivedAt: now.addingTimeInterval(Double(n) * 60), category: "waste"))
        }
        let warm = DuplicateFinder(store: store, settings: config.duplicates)
        let probes = ["ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว ซอยสุขใจค่ะ", "ถังขยะล้นหน้าตลาดสด", "ไฟดับทั้งซอย", "ขยะส่งกลิ่นเหม็นริมคลอง"]
        var flagged = 0
        for _ in 0..<2 {
            for probe in probes {
                let cold = DuplicateFinder(store: store, settings: config.duplicates)
                let at = now.addingTimeInterval(3600)
                let expected = await cold.mostSimilar(text: probe, category: "waste", receivedAt: at)
                #expect(await warm.mostSimilar(text: probe, category: "waste", receivedAt: at) == expected, "\(probe)")
                if expected != nil { flagged += 1 }
            }
        }
        #expect(warm.trigramCache.count == texts.count)
        #expect(flagged >= 4)  // the probes that are look-alikes, on both rounds
    }
}
