import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangServer
import SiangCore
import SiangPipeline
@testable import SiangStore

/// A case the SLA ticker cannot read is listed for an admin, counted in `/metrics` and shown on the
/// dashboard, and nobody else is told about it (issue 11, finding 3).
@Suite struct SLAUnreadableTests {
    @Test func aSetAsideCaseIsListedForTheAdminCountedInMetricsAndShownOnTheDashboard() async throws {
        let s = try await StaffServer()
        let broken = try await s.file("ถนนทรุดเป็นแอ่งน้ำขัง", category: "road")
        _ = try await s.file("ไฟกิ่งดับสามต้น", category: "lighting")
        try await s.store.write { db in
            try db.execute(sql: """
                INSERT INTO case_events (case_id, seq, at, actor, type, data)
                SELECT id, event_count, 0, 'system', 'escalated', '{"escalated":{"_0":{"clock":"resolution","dueAt":".00/-12-15T00:00:00Z","level":"at_risk"}}}'
                FROM cases WHERE tracking_id = ?
                """, arguments: [broken.description])
            try db.execute(sql: "UPDATE cases SET event_count = event_count + 1, sla_check_at = 0 WHERE tracking_id = ?", arguments: [broken.description])
        }
        let ticker = EscalationTicker(store: s.store, sla: s.services.sla, configuration: s.services.configuration)
        try await ticker.tick(now: s.clock.now().addingTimeInterval(30 * 86_400))
        let root = try await s.token(for: "root")
        let agent = try await s.token(for: "somchai")
        try await s.test { client in
            let list = try await client.execute(uri: "/api/v1/staff/sla/unreadable", method: .get, headers: bearer(root))
            #expect(list.status == .ok)
            let cases = try #require(try list.json()["cases"] as? [[String: Any]])
            #expect(cases.map { $0["trackingId"] as? String } == [broken.description])
            #expect((cases.first?["reason"] as? String)?.contains("ISO8601") == true)
            #expect(try await client.execute(uri: "/api/v1/staff/sla/unreadable", method: .get, headers: bearer(agent)).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/staff/sla/unreadable", method: .get).status == .unauthorized)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.text.contains("siang_sla_unreadable_cases 1"), "\(metrics.text.prefix(400))")
            let admin = StaffBrowser(client)
            try await admin.signIn("root")
            // The pages that refresh the SLA index first stay up.
            #expect(try await admin.get("/staff/queue?queue=all").status == .ok)
            #expect(admin.lastPage.contains(broken.description))
            let page = try await admin.get("/staff/dashboard")
            #expect(page.status == .ok)
            #expect(admin.lastPage.contains("id=\"sla-unreadable\"") && admin.lastPage.contains(broken.description), "\(admin.lastPage.prefix(3000))")
            let boss = StaffBrowser(client)
            try await boss.signIn("boss")
            try await boss.get("/staff/dashboard")
            #expect(!boss.lastPage.contains("sla-unreadable"))
        }
    }
}
