import Foundation
import Testing
@testable import SiangCore

/// The checks every line of `siang import cases` passes before anything is written (DESIGN.md 5.8).
@Suite struct HistoricalCaseReaderTests {
    let reader: HistoricalCaseReader

    /// 1 December 2026, 12:00 in Bangkok.
    static let now = ISO8601Instant.parse("2026-12-01T12:00:00+07:00")!

    init() throws {
        reader = HistoricalCaseReader(configuration: try ConfigurationLoader.load(overrideYAML: nil, environment: [:]), now: Self.now)
    }

    func read(_ line: String, number: Int = 1) -> Result<HistoricalCase, RowProblem> {
        reader.read(Array(line.utf8), line: number)
    }

    func reason(_ line: String) -> String? {
        if case .failure(let p) = read(line) { return p.reason }
        return nil
    }

    static let full = """
        {"ref": "OLD-2566-000123", "kind": "complaint", "category": "water", "channel": "hotline", "segment": "citizen",
         "priority": "urgent", "queue": "engineering", "subject": "ท่อแตก", "text": "ท่อประปาแตกหน้าบ้าน", "receivedAt": "2023-11-02T09:15:00+07:00",
         "contact": {"name": "สมชาย ใจดี", "phone": "0812345678"}, "consent": true,
         "history": [{"status": "triaged", "at": "2023-11-02T10:00:00+07:00"},
                     {"status": "awaiting_info", "at": "2023-11-02T11:00:00+07:00", "note": "ขอเลขที่บ้าน"},
                     {"status": "in_progress", "at": "2023-11-03T09:00:00+07:00"},
                     {"status": "resolved", "at": "2023-11-06T15:00:00+07:00", "note": "ซ่อมท่อแล้ว"},
                     {"status": "closed", "at": "2023-11-20T09:00:00+07:00"}],
         "survey": {"answeredAt": "2023-11-07T10:00:00+07:00", "overall": 4, "process": 4, "trust": 5, "recommend": 4, "reasons": [], "comment": "ขอบคุณ"}}
        """.replacingOccurrences(of: "\n", with: " ")

    @Test func everyFieldOfTheDesignExampleIsRead() throws {
        let c = try read(Self.full, number: 7).get()
        #expect(c.line == 7)
        #expect(c.ref == "OLD-2566-000123")
        #expect(c.intake.kind == .complaint)
        #expect(c.intake.category == "water")
        #expect(c.intake.channel == .hotline)
        #expect(c.intake.segment == .citizen)
        #expect(c.priority == .urgent)
        #expect(c.queue == "engineering")
        #expect(c.intake.subject == "ท่อแตก")
        #expect(c.intake.text == "ท่อประปาแตกหน้าบ้าน")
        #expect(c.intake.receivedAt == Date(timeIntervalSince1970: 1_698_891_300))
        #expect(c.intake.contact == Contact(name: "สมชาย ใจดี", phone: "0812345678"))
        #expect(c.intake.consent)
        #expect(c.intake.externalRef == "OLD-2566-000123")
        #expect(c.history.map(\.status) == [.triaged, .awaitingInfo, .inProgress, .resolved, .closed])
        #expect(c.history[1].note == "ขอเลขที่บ้าน")
        let survey = try #require(c.survey)
        #expect(survey.response.ratings == ["overall": 4, "process": 4, "trust": 5, "recommend": 4])
        #expect(survey.response.comment == "ขอบคุณ")
        #expect(survey.invitedAt == c.history[3].at)
    }

    @Test func onlyRefKindTextAndReceivedAtAreRequired() throws {
        let c = try read(#"{"ref":"A1","kind":"inquiry","subject":"ขอทราบเวลาทำการ","receivedAt":"2024-01-05T08:00:00Z"}"#).get()
        #expect(c.intake.text == "ขอทราบเวลาทำการ")
        #expect(c.intake.channel == .other)
        #expect(c.intake.category == nil && c.queue == nil && c.priority == nil && c.history.isEmpty && c.survey == nil)
        #expect(reason(#"{"kind":"inquiry","text":"x","receivedAt":"2024-01-05T08:00:00Z"}"#) == "ref is required")
        #expect(reason(#"{"ref":"A","text":"x","receivedAt":"2024-01-05T08:00:00Z"}"#) == "kind is required")
        #expect(reason(#"{"ref":"A","kind":"inquiry","text":"  ","receivedAt":"2024-01-05T08:00:00Z"}"#) == "text (or subject) is required")
        #expect(reason(#"{"ref":"A","kind":"inquiry","text":"x"}"#) == "receivedAt is required")
    }

    @Test func hostileLinesAreRefusedWithTheirReason() {
        #expect(reason("not json") == "the line is not valid JSON")
        #expect(reason("[1, 2]") == "the line is not a JSON object")
        #expect(reason("\"text\"") == "the line is not a JSON object")
        #expect(reason(#"{"ref": 12, "kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z"}"#) == "ref: expected text")
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","consent":"yes"}"#) == "consent: expected true or false")
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","history":{"status":"triaged"}}"#) == "history: expected a list")
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","catgory":"water"}"#)?.hasPrefix("catgory: unknown field") == true)
        #expect(reason(#"{"ref":"A","kind":"grievance","text":"x","receivedAt":"2024-01-05T08:00:00Z"}"#)?.hasPrefix("kind \"grievance\" is not one of complaint") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","category":"roads"}"#) == "category \"roads\" is not in the taxonomy")
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","channel":"fax"}"#)?.hasPrefix("channel \"fax\" is not one of") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","segment":"vip"}"#)?.hasPrefix("segment \"vip\"") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","priority":"high"}"#)?.hasPrefix("priority \"high\"") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","queue":"roads_team"}"#) == "queue \"roads_team\" is not a queue of the routing settings")
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","contact":{"phone":"0812345678"}}"#) == "consent: Please consent to the use of your contact details for this case, or leave them empty.")
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00Z","history":[{"status":"fixed","at":"2024-01-06T08:00:00Z"}]}"#)?.hasPrefix("history[0].status \"fixed\"") == true)
    }

    @Test func timesNeedAnOffsetAFloorAndNoFuture() {
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05 08:00"}"#)?.hasPrefix("receivedAt \"2024-01-05 08:00\" is not an ISO 8601 time with an offset") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00"}"#)?.contains("with an offset") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-02-30T08:00:00+07:00"}"#)?.contains("is not an ISO 8601 time") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"1970-01-01T07:00:00+07:00"}"#)?.contains("is before 2000-01-01") == true)
        #expect(reason(#"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2027-01-01T08:00:00+07:00"}"#) == "receivedAt 2027-01-01T08:00:00+07:00 is in the future")
    }

    func withHistory(_ entries: String, extra: String = "") -> String {
        #"{"ref":"A","kind":"complaint","text":"x","receivedAt":"2024-01-05T08:00:00+07:00","history":[\#(entries)]\#(extra)}"#
    }

    @Test func historyFollowsTheStatusMachine() {
        #expect(reason(withHistory(#"{"status":"closed","at":"2024-01-06T08:00:00+07:00"}"#)) == "history[0]: a case cannot move from received to closed")
        #expect(reason(withHistory(#"{"status":"triaged","at":"2024-01-06T08:00:00+07:00"},{"status":"triaged","at":"2024-01-06T09:00:00+07:00"}"#))
            == "history[1]: the case is already triaged")
        #expect(reason(withHistory(#"{"status":"resolved","at":"2024-01-06T08:00:00+07:00"}"#)) == "history[0]: a case cannot move from received to resolved")
        #expect(reason(withHistory(#"{"status":"triaged","at":"2024-01-05T09:00:00+07:00"},{"status":"resolved","at":"2024-01-06T08:00:00+07:00"},{"status":"in_progress","at":"2024-02-06T09:00:00+07:00"}"#))
            == "history[2]: a resolved case can be reopened only within 14 days")
        let reopened = read(withHistory(#"{"status":"triaged","at":"2024-01-05T09:00:00+07:00"},{"status":"resolved","at":"2024-01-06T08:00:00+07:00"},{"status":"in_progress","at":"2024-01-08T09:00:00+07:00"}"#))
        #expect((try? reopened.get())?.history.count == 3)
    }

    @Test func historyTimesNeverGoBackwards() {
        #expect(reason(withHistory(#"{"status":"triaged","at":"2024-01-05T07:59:00+07:00"}"#)) == "history[0].at 2024-01-05T07:59:00+07:00 is before receivedAt")
        #expect(reason(withHistory(#"{"status":"triaged","at":"2024-01-06T10:00:00+07:00"},{"status":"in_progress","at":"2024-01-06T09:00:00+07:00"}"#))
            == "history[1].at 2024-01-06T09:00:00+07:00 is before the entry before it (times must not go backwards)")
        #expect(reason(withHistory(#"{"status":"triaged","at":"2027-01-06T10:00:00+07:00"}"#)) == "history[0].at 2027-01-06T10:00:00+07:00 is in the future")
        #expect(reason(withHistory(#"{"status":"triaged"}"#)) == "history[0].at is required")
    }

    @Test func sideExitsNeedWhatTheyPointTo() {
        #expect(reason(withHistory(#"{"status":"rejected","at":"2024-01-06T08:00:00+07:00"}"#)) == "history[0]: a rejected entry needs its reason in note")
        #expect(reason(withHistory(#"{"status":"referred","at":"2024-01-06T08:00:00+07:00"}"#)) == "history[0]: a referred entry needs the case's referredTo")
        #expect(reason(withHistory(#"{"status":"duplicate","at":"2024-01-06T08:00:00+07:00"}"#)) == "history[0]: a duplicate entry needs the case's duplicateOf")
        #expect(reason(withHistory(#"{"status":"triaged","at":"2024-01-06T08:00:00+07:00"}"#, extra: #","referredTo":"การประปา""#)) == "referredTo goes with a referred entry in history")
        #expect(reason(withHistory(#"{"status":"duplicate","at":"2024-01-06T08:00:00+07:00"}"#, extra: #","duplicateOf":"A""#)) == "duplicateOf names the case itself")
    }

    @Test func sideExitsBecomeTheEventsStaffWouldHaveWritten() throws {
        let rejected = try read(withHistory(#"{"status":"rejected","at":"2024-01-06T08:00:00+07:00","note":"ไม่อยู่ในอำนาจหน้าที่"}"#)).get()
        let r = rejected.statusEvents(duplicateOf: nil)
        #expect(r == [CaseEvent(at: rejected.history[0].at, actor: "staff:import", change: .statusChanged(StatusChange(
            from: .received, to: .rejected, publicNote: "ไม่อยู่ในอำนาจหน้าที่", reason: "ไม่อยู่ในอำนาจหน้าที่")))])
        let referred = try read(withHistory(#"{"status":"triaged","at":"2024-01-06T08:00:00+07:00"},{"status":"referred","at":"2024-01-07T08:00:00+07:00"}"#,
                                            extra: #","referredTo":"การประปานครหลวง เลขที่ 55/2567""#)).get()
        guard case .statusChanged(let s) = referred.statusEvents(duplicateOf: nil)[1].change else { Issue.record("not a status change"); return }
        #expect(s.from == .triaged && s.to == .referred && s.referredTo == "การประปานครหลวง เลขที่ 55/2567")
        #expect(s.publicNote == "ส่งเรื่องให้ การประปานครหลวง เลขที่ 55/2567 ดำเนินการต่อตามอำนาจหน้าที่")
        let survivor = TrackingID(storedCanonical: "CMP-69K7MQ2XDJN")
        let merged = try read(withHistory(#"{"status":"duplicate","at":"2024-01-06T08:00:00+07:00"}"#, extra: #","duplicateOf":"OLD-1""#)).get()
        guard case .statusChanged(let d) = merged.statusEvents(duplicateOf: survivor)[0].change else { Issue.record("not a status change"); return }
        #expect(d.duplicateOf == survivor && d.to == .duplicate && d.publicNote?.contains("CMP-69K7MQ2XDJN") == true)
    }

    func withSurvey(_ survey: String, history: String = #"{"status":"triaged","at":"2024-01-05T09:00:00+07:00"},{"status":"resolved","at":"2024-01-08T09:00:00+07:00"}"#) -> String {
        withHistory(history, extra: #","survey":\#(survey)"#)
    }

    @Test func surveyAnswersObeyTheLiveRules() {
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":6}"#)) == "survey.overall: Choose a value from 1 to 5.")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":"4"}"#)) == "survey.overall: expected a whole number from 1 to 5")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":4.5}"#)) == "survey.overall: expected a whole number")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":2}"#)) == "survey.reasons: Please choose at least one reason for your dissatisfaction.")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":2,"reasons":["slow"]}"#)) == "survey.reasons: \"slow\" is not a reason code.")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":5,"reasons":["delay"]}"#))
            == "survey.reasons: reasons are asked only when overall or a dimension is 1 or 2")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","process":4}"#))?.hasPrefix("survey.overall:") == true)
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":4,"mood":3}"#)) == "survey.mood: This survey has no rating question \"mood\".")
        #expect(reason(withSurvey(#"{"overall":4}"#)) == "survey.answeredAt is required")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-07T09:00:00+07:00","overall":4}"#)) == "survey.answeredAt must follow a resolved entry in history")
        #expect(reason(withSurvey(#"{"answeredAt":"2024-03-09T09:00:00+07:00","overall":4}"#))?.hasPrefix("survey.answeredAt is more than 30 days after the resolution") == true)
        #expect(reason(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":4}"#, history: #"{"status":"rejected","at":"2024-01-06T08:00:00+07:00","note":"ซ้ำ"}"#))
            == "survey: rejected and merged cases are never surveyed")
        let dissatisfied = read(withSurvey(#"{"answeredAt":"2024-01-09T09:00:00+07:00","overall":4,"process":1,"reasons":["delay","delay"]}"#))
        #expect((try? dissatisfied.get())?.survey?.response.reasons == ["delay"])
    }

    @Test func isoInstantsAreReadExactly() {
        #expect(ISO8601Instant.parse("2023-11-02T09:15:00+07:00") == Date(timeIntervalSince1970: 1_698_891_300))
        #expect(ISO8601Instant.parse("2023-11-02T02:15:00Z") == Date(timeIntervalSince1970: 1_698_891_300))
        #expect(ISO8601Instant.parse("2023-11-02T02:15:00.5Z") == Date(timeIntervalSince1970: 1_698_891_300.5))
        #expect(ISO8601Instant.parse("2023-11-02T09:15+0700") == Date(timeIntervalSince1970: 1_698_891_300))
        #expect(ISO8601Instant.parse("2024-02-29T00:00:00Z") != nil)
        for bad in ["2023-02-29T00:00:00Z", "2023-11-02", "2023-11-02T25:00:00Z", "2023-11-02T09:15:00+07:00 ", "2023-11-02T09:15:00+7"] {
            #expect(ISO8601Instant.parse(bad) == nil, "\(bad)")
        }
    }
}
