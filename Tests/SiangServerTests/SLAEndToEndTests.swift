import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangCore
@testable import SiangServer

@Suite struct SLAEndToEndTests {
    /// Friday 10 April 2026, 15:00 in Bangkok: the last working afternoon before Songkran (13-15 April).
    static let fridayBeforeSongkran = BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 4, day: 10, hour: 15))!

    @Test func aCaseFiledBeforeALongWeekendShowsTheDueTimesTheCalendarGives() async throws {
        let server = try await TestServer(clock: PinnedClock(instant: Self.fridayBeforeSongkran))
        try await server.test { client in
            let r = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                             body: jsonBody(["text": "ถนนหน้าโรงเรียนเป็นหลุมลึก", "category": "road"]))
            #expect(r.status == .created)
            let sla = try #require(try r.json()["sla"] as? [String: Any])
            // 90 minutes on Friday, Songkran closed, 390 minutes on Thursday 16 April.
            #expect(sla["firstResponseDueAt"] as? String == "2026-04-16T15:00:00+07:00")
            // 15 business days, skipping Songkran and Coronation Day (Monday 4 May).
            #expect(sla["resolutionDueAt"] as? String == "2026-05-07T15:00:00+07:00")
            #expect(sla["state"] as? String == "on_track")
            let id = try #require(try r.json()["trackingId"] as? String)
            let t = try await client.execute(uri: "/api/v1/track/\(id)", method: .get)
            let trackSLA = try #require(try t.json()["sla"] as? [String: Any])
            #expect(trackSLA["resolutionDueAt"] as? String == "2026-05-07T15:00:00+07:00")
            #expect(trackSLA["state"] as? String == "on_track")
            let page = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(page.text.contains("7 พ.ค. 2569 15:00 น."), "the due date in BE on the tracking page")
        }
    }
}
