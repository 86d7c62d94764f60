import Foundation
import GRDB
import SiangCore
import SiangPipeline
import Testing
@testable import SiangStore

/// The daily digest's figures worked out by hand on four cases and three answers: which cases are
/// breached or at risk at the digest time, which dissatisfied answers are new since the previous
/// digest, and which are still open (no staff action on the case since the answer).
@Suite struct StaffDigestStoreTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func breachedAtRiskNewAndOpenRecoveriesAreCountedPerQueue() async throws {
        let (store, _) = try temporaryStore()
        let pipeline = try plainPipeline(store, now: Self.now.addingTimeInterval(-20 * 86_400))
        var created: [TrackingID] = []
        for n in 0..<4 {
            let intake = Intake(text: "ไฟถนนดับหน้าบ้านเลขที่ \(n)", channel: .web, channelMessageKey: "idem:d\(n)",
                                receivedAt: Self.now, category: "lighting")
            guard case .created(let receipt) = try await pipeline.submit(intake) else { Issue.record("not created"); return }
            created.append(receipt.trackingId)
        }
        let ids = created
        let now = Self.now.storedValue
        try await store.pool.write { db in
            // The SLA index as the workspace keeps it: 0 breached, 1 at risk, 2 running and early, 3 paused (phase 1) though past due.
            let index: [(Int, Double, Double)] = [(0, now - 100, now - 500), (0, now + 100, now - 50), (0, now + 900, now + 500), (1, now - 100, now - 500)]
            for (id, (phase, due, risk)) in zip(ids, index) {
                try db.execute(sql: "UPDATE cases SET queue = 'engineering', sla_phase = ?, sla_due_at = ?, sla_risk_at = ? WHERE tracking_id = ?",
                               arguments: [phase, due, risk, id.description])
            }
            // Answers: dissatisfied yesterday on case 0 (acted on since by staff), dissatisfied two weeks
            // ago on case 1 (nobody acted), satisfied yesterday on case 2.
            let answers: [(TrackingID, Double, Int)] = [(ids[0], now - 86_400, 1), (ids[1], now - 14 * 86_400, 2), (ids[2], now - 86_400, 5)]
            for (n, (id, at, overall)) in answers.enumerated() {
                try db.execute(sql: """
                    INSERT INTO survey_answers (token, survey_id, version, source, via, tracking_id, queue, answered_at, overall, response)
                    VALUES (?, 'case', 1, 'web', 'web', ?, 'engineering', ?, ?, '{}')
                    """, arguments: ["t\(n)", id.description, at, overall])
            }
            let caseID = try Int64.fetchOne(db, sql: "SELECT id FROM cases WHERE tracking_id = ?", arguments: [ids[0].description])!
            try db.execute(sql: "INSERT INTO case_events (case_id, seq, at, actor, type, data) VALUES (?, 99, ?, 'staff:boss', 'internalNote', '{}')",
                           arguments: [caseID, now - 3600])
        }
        let figures = try await store.digestFigures(now: Self.now, since: Self.now.addingTimeInterval(-3 * 86_400))
        #expect(figures == ["engineering": QueueDigestFigures(breached: 1, atRisk: 1, newDissatisfied: 1, openRecoveries: 1)])
    }
}
