import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// The staff page that records a hotline call-back survey answer (`/staff/callbacks/surveys/{id}`):
/// reached from the call-back list, the web survey's validation, CSRF, the reach rule and the audit.
@Suite struct SurveyCallBackPageTests {
    /// A hotline case of the engineering queue (somchai's), resolved through the staff API, so its
    /// survey is to be taken by telephone.
    func resolvedHotlineCase(_ s: StaffServer, _ client: any TestClientProtocol) async throws -> TrackingID {
        let id = try await s.file("ไฟถนนดับทั้งซอย มืดมาก", category: "lighting", channel: .hotline,
                                  contact: Contact(name: "นายสมชาย ใจดี", phone: "0812345678"))
        let token = try await s.token(for: "somchai")
        for (status, note) in [("in_progress", "ส่งช่างไฟฟ้าตรวจสอบแล้ว"), ("resolved", "ซ่อมไฟส่องสว่างเรียบร้อยแล้ว")] {
            let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                             body: jsonBody(["status": status, "publicNote": note]))
            #expect(r.status == .ok, "\(r.text)")
        }
        return id
    }

    /// Page 1 of the web survey, all answered.
    static let satisfied = ["overall": "4", "process": "4", "staff": "5", "trust": "4", "recommend": "5", "frequency": "first"]

    /// The answer stored for the case's call-back survey, if any.
    func storedAnswer(_ s: StaffServer, _ id: TrackingID) async throws -> StoredSurveyAnswer? {
        let invitation = try #require(try await s.store.surveyInvitations(of: id).last { $0.route == .callback })
        return try await s.store.surveyAnswer(token: invitation.token)
    }

    @Test func anAgentRecordsASatisfiedAnswerFromTheCallBackListAndTheCaseLeavesIt() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let id = try await resolvedHotlineCase(s, client)
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            let list = try await browser.get("/staff/callbacks")
            #expect(list.text.contains("href=\"/staff/callbacks/surveys/\(id)\""))
            #expect(list.text.contains("0812345678"))

            let page = try await browser.get("/staff/callbacks/surveys/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<html lang=\"th\">"))
            #expect(page.text.contains("บันทึกผลสำรวจความพึงพอใจทางโทรศัพท์"))
            #expect(page.text.contains("ความพึงพอใจโดยรวมต่อการดำเนินการเรื่องของท่าน"), "the questionnaire's own wording")
            #expect(page.text.contains("<label class=\"choice\" for=\"overall-5\">"), "every control has its label")
            #expect(page.text.contains("name=\"reason_delay\""), "reasons are on the same page for the officer")
            let english = try await browser.get("/staff/callbacks/surveys/\(id)?lang=en")
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains("Record a satisfaction survey taken by telephone"))
            #expect(english.text.contains("How did we handle your case?"))
            #expect(english.text.contains("action=\"/staff/callbacks/surveys/\(id)?lang=en\""))

            try await browser.get("/staff/callbacks/surveys/\(id)")
            let saved = try await browser.submit("/staff/callbacks/surveys/\(id)", Self.satisfied)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/staff/callbacks?surveyDone=recorded")
            let after = try await browser.get("/staff/callbacks?surveyDone=recorded")
            #expect(after.text.contains("บันทึกคำตอบแบบสำรวจความพึงพอใจเรียบร้อยแล้ว"))
            #expect(!after.text.contains("/staff/callbacks/surveys/\(id)"), "the case leaves the list")
            #expect(after.text.contains("id=\"no-survey-callbacks\""))
            let again = try await browser.get("/staff/callbacks/surveys/\(id)")
            #expect(again.status == .notFound)

            let answer = try #require(try await storedAnswer(s, id))
            #expect(answer.answer.via == "staff")
            #expect(answer.answer.response.ratings["overall"] == 4)
            let audit = try await s.store.auditLog(of: id)
            #expect(audit.contains { $0.action == "survey_answer_entered" && $0.actor == CaseEvent.staff("somchai") })
            #expect(audit.contains { $0.action == "view_survey_callback_contact" })
        }
    }

    @Test func aTwoWithoutReasonsAndAScoreOutOfRangeAreRefusedAsOnTheWeb() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let id = try await resolvedHotlineCase(s, client)
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/callbacks/surveys/\(id)")

            var low = Self.satisfied
            low["overall"] = "2"
            low["comment"] = "รอนานมาก"
            let noReasons = try await browser.submit("/staff/callbacks/surveys/\(id)", low)
            #expect(noReasons.status == .unprocessableContent)
            #expect(noReasons.text.contains("id=\"error-summary\""))
            #expect(noReasons.text.contains("โปรดเลือกสาเหตุที่ท่านไม่พึงพอใจอย่างน้อย 1 ข้อ"))
            #expect(noReasons.text.contains("href=\"#reasons\""))
            #expect(noReasons.text.contains("id=\"overall-2\" name=\"overall\" value=\"2\" checked"), "what was typed is kept")
            #expect(noReasons.text.contains(">รอนานมาก</textarea>"))

            var outOfRange = Self.satisfied
            outOfRange["overall"] = "7"
            let seven = try await browser.submit("/staff/callbacks/surveys/\(id)", outOfRange)
            #expect(seven.status == .unprocessableContent)
            #expect(seven.text.contains("href=\"#q-overall\""))
            #expect(try await storedAnswer(s, id) == nil, "nothing stored for a refused answer")

            low["reason_delay"] = "1"
            let saved = try await browser.submit("/staff/callbacks/surveys/\(id)", low)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/staff/callbacks?surveyDone=dissatisfied")
            let answer = try #require(try await storedAnswer(s, id))
            #expect(answer.answer.response.reasons == ["delay"])
        }
    }

    @Test func aFormWithoutItsCSRFTokenAndACaseOutOfReachAreRefused() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let id = try await resolvedHotlineCase(s, client)
            let somchai = StaffBrowser(client)
            try await somchai.signIn("somchai")
            try await somchai.get("/staff/callbacks/surveys/\(id)")
            let forged = try await somchai.post("/staff/callbacks/surveys/\(id)", Self.satisfied)
            #expect(forged.status == .forbidden)

            // malee works in public health: the engineering case is not hers to open, nor its survey.
            let malee = StaffBrowser(client)
            try await malee.signIn("malee")
            let list = try await malee.get("/staff/callbacks")
            #expect(!list.text.contains("/staff/callbacks/surveys/\(id)"))
            let page = try await malee.get("/staff/callbacks/surveys/\(id)")
            #expect(page.status == .notFound)
            #expect(!page.text.contains("0812345678"))
            let posted = try await malee.submit("/staff/callbacks/surveys/\(id)", Self.satisfied)
            #expect(posted.status == .notFound)
            let analyst = StaffBrowser(client)
            try await analyst.signIn("ana")
            #expect(try await analyst.get("/staff/callbacks/surveys/\(id)").status == .forbidden)

            #expect(try await storedAnswer(s, id) == nil)
            #expect(!(try await s.store.auditLog(of: id)).contains { $0.action == "survey_answer_entered" })
        }
    }
}
