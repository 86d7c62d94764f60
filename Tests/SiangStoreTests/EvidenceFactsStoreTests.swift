import Foundation
import GRDB
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// The evidence counts from the store (``EvidenceStore``) over fiscal year 2569, and the daily
/// tracking-lookup counter: in-period counts, first uses over all history up to the period's end,
/// Bangkok days and months, and nothing that names a case or a person; the counts on both stores.
@Suite struct EvidenceFactsStoreTests {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 12, _ min: Int = 0) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }
    let from = bkk(2025, 10, 1, 0)
    let to = bkk(2026, 10, 1, 0)

    func file(_ store: any AgencyStore, _ kind: Kind, _ channel: Channel, segment: Segment?, at: Date) async throws {
        let intake = Intake(kind: kind, text: "เรื่องทดสอบ \(at.timeIntervalSince1970)", channel: channel, receivedAt: at, category: "road", segment: segment)
        guard case .created = try await contractPipeline(store, now: at).submit(intake) else { throw Failure("not created") }
    }

    func answer(_ store: any AgencyStore, source: String, servicePoint: String?, segment: Segment?, at: Date, key: String) async throws {
        _ = try await store.recordSurveyAnswers([NewSurveyAnswer(token: nil, surveyID: "general", version: 1, source: source, via: "web",
                                                                 segment: segment, servicePoint: servicePoint, answeredAt: at,
                                                                 response: SurveyResponse(ratings: ["overall": 4]), key: key)])
    }

    @Test(arguments: StoreKind.allCases) func theCountsOfAFiscalYearAndTheFirstUsesBeforeItsEnd(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        try await file(store, .complaint, .web, segment: .citizen, at: Self.bkk(2024, 5, 1))        // FY 2567: first use of web only
        try await file(store, .complaint, .web, segment: .citizen, at: Self.bkk(2025, 10, 5))
        try await file(store, .inquiry, .line, segment: .business, at: Self.bkk(2025, 11, 20))
        try await file(store, .complaint, .hotline, segment: nil, at: Self.bkk(2026, 1, 10))
        try await file(store, .complaint, .email, segment: .citizen, at: Self.bkk(2026, 10, 2))    // after the year: not there at all
        try await answer(store, source: "service_point", servicePoint: "hq", segment: .citizen, at: Self.bkk(2025, 12, 1), key: "a1")
        try await answer(store, source: "import:opdc", servicePoint: nil, segment: nil, at: Self.bkk(2024, 1, 1), key: "a2")
        try await store.countTrackingLookup(.page, at: Self.bkk(2025, 10, 3, 10))
        try await store.countTrackingLookup(.page, at: Self.bkk(2025, 10, 3, 18))
        try await store.countTrackingLookup(.api, at: Self.bkk(2025, 9, 30, 23, 30))                 // the day before the year
        try await store.countTrackingLookup(.page, at: Self.bkk(2026, 9, 30, 23, 59))                // its last day

        let f = try await store.evidenceFacts(from: from, to: to)
        #expect(f.casesInPeriod == 3 && f.casesWithTrackingID == 3)
        func rows(_ groups: [EvidenceGroupCount]) -> [String] {
            groups.map { "\($0.code):\($0.count)/\($0.complaints)@\($0.firstUsedAt.map { BangkokTime.iso8601($0).prefix(10) } ?? "-")" }
        }
        #expect(rows(f.channels) == ["hotline:1/1@2026-01-10", "line:1/0@2025-11-20", "web:1/1@2024-05-01"])
        // Equal counts: by code, the unsegmented case ("") first.
        #expect(rows(f.segments) == [":1/1@2026-01-10", "business:1/0@2025-11-20", "citizen:1/1@2024-05-01"])
        #expect(f.caseMonths == [.init(month: "2025-10", count: 1), .init(month: "2025-11", count: 1), .init(month: "2026-01", count: 1)])
        #expect(rows(f.surveySources) == ["service_point:1/0@2025-12-01", "import:opdc:0/0@2024-01-01"])
        #expect(rows(f.servicePoints) == ["hq:1/0@2025-12-01"])
        #expect(rows(f.surveySegments) == ["citizen:1/0@2025-12-01", ":0/0@2024-01-01"])
        #expect(f.answerMonths == [.init(month: "2025-12", count: 1)])
        #expect(rows(f.trackingLookups) == ["page:3/0@2025-10-03", "api:0/0@2025-09-30"])
        #expect(f.lookupsInPeriod == 3 && f.answersInPeriod == 1)
    }

    @Test(arguments: StoreKind.allCases) func lookupsAloneAreCountedByBangkokDayOnAnEmptyStore(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        try await store.countTrackingLookup(.api, at: Self.bkk(2025, 10, 1, 0, 0))        // the first instant of the year
        try await store.countTrackingLookup(.api, at: Self.bkk(2025, 10, 1, 6, 59))       // 2025-09-30T23:59Z: still Bangkok's 1 October
        try await store.countTrackingLookup(.page, at: Self.bkk(2025, 9, 30, 23, 59))     // the day before
        try await store.countTrackingLookup(.page, at: Self.bkk(2026, 10, 1, 0, 0))       // the day after
        let f = try await store.evidenceFacts(from: from, to: to)
        #expect(f.casesInPeriod == 0 && f.casesWithTrackingID == 0)
        #expect(f.channels.isEmpty && f.segments.isEmpty && f.queues.isEmpty && f.caseMonths.isEmpty)
        #expect(f.surveySources.isEmpty && f.servicePoints.isEmpty && f.answerMonths.isEmpty)
        #expect(f.trackingLookups == [EvidenceGroupCount(code: "api", count: 2, firstUsedAt: from),
                                      EvidenceGroupCount(code: "page", count: 0, firstUsedAt: Self.bkk(2025, 9, 30, 0))])
    }

    @Test func aLookupIsOneRowADayAndSurfaceWithNothingElseInIt() async throws {
        let (store, _) = try temporaryStore()
        for _ in 0..<3 { try await store.countTrackingLookup(.api, at: Self.bkk(2026, 3, 4, 9)) }
        try await store.countTrackingLookup(.page, at: Self.bkk(2026, 3, 4, 9))
        try await store.countTrackingLookup(.api, at: Self.bkk(2026, 3, 5, 0, 1))
        let (rows, columns) = try await store.read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM tracking_lookups ORDER BY day, surface").map {
                "\($0["day"] as String) \($0["surface"] as String) \($0["count"] as Int)"
            }, try db.columns(in: "tracking_lookups").map(\.name))
        }
        #expect(rows == ["2026-03-04 api 3", "2026-03-04 page 1", "2026-03-05 api 1"])
        #expect(columns == ["day", "surface", "count"])
    }
}
