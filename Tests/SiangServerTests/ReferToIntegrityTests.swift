import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// Handing a case to the integrity queue is a supervisor's "refer to integrity" action; an agent is
/// refused, through the API and the workspace alike (issue 11, low: after an agent's move no
/// supervisor saw the case again).
@Suite struct ReferToIntegrityTests {
    @Test func anAgentCannotMoveACaseIntoTheIntegrityQueueButASupervisorCanReferIt() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ช่างที่มาซ่อมถนนขอเงินค่าน้ำชาสองพันบาท", category: "road")
        let agent = try await s.token(for: "somchai")
        let boss = try await s.token(for: "boss")
        let before = try await s.store.events(of: id).count
        try await s.test { client in
            for body in [#"{"queue":"integrity"}"#, #"{"category":"corruption"}"#, #"{"referToIntegrity":true}"#] {
                let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(agent, json: true),
                                                 body: ByteBuffer(string: body))
                #expect(r.status == .forbidden, "\(body): \(r.text)")
                #expect(r.text.contains("supervisor"), "\(body): \(r.text)")
            }
            #expect(try await s.store.events(of: id).count == before, "nothing was written")
            // The workspace offers agents neither the form nor the queue; a hand-made post is refused in Thai.
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/cases/\(id)")
            #expect(!browser.lastPage.contains("form-integrity"))
            #expect(!browser.lastPage.contains("<option value=\"integrity\""))
            let refused = try await browser.submit("/staff/cases/\(id)", ["action": "integrity", "eventCount": "\(before)", "internalNote": "ทุจริต"])
            #expect(refused.status == .forbidden)
            #expect(browser.lastPage.contains("หัวหน้างาน"))
            #expect(try await s.store.events(of: id).count == before)
            // A malformed flag is a field error.
            let bad = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(boss, json: true),
                                               body: ByteBuffer(string: #"{"referToIntegrity":"yes"}"#))
            #expect(bad.status == .unprocessableContent)
            // The supervisor sees the form and refers the case with a reason; then only the integrity role sees it.
            let supervisor = StaffBrowser(client)
            try await supervisor.signIn("boss")
            try await supervisor.get("/staff/cases/\(id)")
            #expect(supervisor.lastPage.contains("form-integrity"))
            let done = try await supervisor.submit("/staff/cases/\(id)", ["action": "integrity", "eventCount": "\(before)",
                                                                          "internalNote": "ผู้ร้องแจ้งว่ามีการเรียกรับเงิน"])
            #expect([.seeOther, .ok].contains(done.status), "\(done.status)")
        }
        let state = try #require(CaseState.fold(try await s.store.events(of: id)))
        #expect(state.queue == "integrity")
        #expect(try await s.store.staffRecord(id, viewer: try await s.viewer("honest")) != nil)
        #expect(try await s.store.staffRecord(id, viewer: try await s.viewer("boss")) == nil)
    }
}
