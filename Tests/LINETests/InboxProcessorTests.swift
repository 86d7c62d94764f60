import Foundation
import LINE
import SiangCore
import SiangPipeline
import SiangStore
import Testing

@Suite struct InboxProcessorTests {
    func openedID(_ outcomes: [LINEEventOutcome]) throws -> TrackingID {
        guard case .opened(let id)? = outcomes.first else { throw Unexpected(outcomes) }
        return id
    }
    struct Unexpected: Error, CustomStringConvertible {
        var outcomes: [LINEEventOutcome]
        init(_ outcomes: [LINEEventOutcome]) { self.outcomes = outcomes }
        var description: String { "unexpected outcomes \(outcomes)" }
    }

    @Test func aTextOpensACaseAndQueuesAReplyWithTheTrackingLink() async throws {
        let f = try LINEFixture()
        let outcomes = try await f.deliver([Webhook.text("ไฟส่องสว่างหน้าตลาดสดดับมา 3 วันแล้ว มืดมาก", id: "01HEVENT0001", replyToken: "rt-1")])
        let id = try openedID(outcomes)

        let record = try #require(try await f.store.record(id))
        #expect(record.text == "ไฟส่องสว่างหน้าตลาดสดดับมา 3 วันแล้ว มืดมาก")
        #expect(record.state.channel == .line)
        #expect(record.state.receivedAt == Webhook.t0)
        #expect(try await f.store.contact(of: id) == Contact(lineUserID: Webhook.alice))
        #expect(try await f.store.caseID(channel: .line, key: "event:01HEVENT0001") == id)

        let answers = try await f.answers()
        #expect(answers.count == 1)
        let reply = try #require(answers.first)
        #expect(reply.message.kind == "line_reply")
        #expect(reply.message.trackingID == id)
        #expect(reply.payload.replyToken == "rt-1")
        #expect(reply.payload.to == Webhook.alice)
        #expect(reply.payload.replyBefore == f.clock.now().addingTimeInterval(50))
        let text = try #require(reply.payload.messages.first?.text)
        #expect(text.contains("เลขติดตามเรื่อง: \(id)"))
        #expect(text.contains("https://voice.example.go.th/track/\(id)"))
        // Processed rows leave the inbox.
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).isEmpty)
    }

    @Test func aRedeliveredEventCreatesNoSecondCaseNorSecondReply() async throws {
        let f = try LINEFixture()
        let first = try await f.deliver([Webhook.text("ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย", id: "01HEVENT0002", replyToken: "rt-a")])
        let id = try openedID(first)
        // LINE sends the same event again (its reply token is new), and the same body is stored twice,
        // as after a crash between the inbox commit and the processing.
        let again = Webhook.text("ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย", id: "01HEVENT0002", redelivery: true, replyToken: "rt-b")
        try await f.receive(Webhook.body([again]))
        try await f.receive(Webhook.body([again]))
        let report = await f.processor.processPending()
        #expect(report.rows == 2)
        #expect(report.outcomes == [.repeated(id), .repeated(id)])
        #expect(try await f.caseCount() == 1)
        #expect(try await f.answers().count == 1)
        #expect(try await f.answers().first?.payload.replyToken == "rt-a")
    }

    @Test func tenEventsInOneRequestAreEachTakenIn() async throws {
        let f = try LINEFixture()
        let users = (0..<10).map { "U\(String(repeating: "0", count: 30))\(String(format: "%02d", $0))" }
        let events = users.enumerated().map { i, user in
            Webhook.text("ขยะไม่มีคนมาเก็บที่ซอย \(i + 1) มาหนึ่งสัปดาห์แล้ว", id: "01HTEN\(i)", at: Webhook.t0.addingTimeInterval(Double(i)),
                         source: Webhook.source(user: user), replyToken: "rt-\(i)")
        }
        let outcomes = try await f.deliver(events)
        #expect(outcomes.count == 10)
        #expect(outcomes.allSatisfy { if case .opened = $0 { true } else { false } })
        #expect(try await f.caseCount() == 10)
        let answers = try await f.answers()
        #expect(answers.count == 10)
        #expect(Set(answers.compactMap(\.payload.replyToken)) == Set((0..<10).map { "rt-\($0)" }))
        #expect(Set(answers.compactMap(\.payload.to)) == Set(users))
    }

    @Test func imagesAndALocationWithinTenMinutesJoinTheTextCase() async throws {
        let f = try LINEFixture()
        let id = try openedID(try await f.deliver([Webhook.text("ท่อระบายน้ำหน้าบ้านอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก", id: "e-text")]))
        let more = try await f.deliver([
            Webhook.image(id: "e-img1", messageID: "700001", at: Webhook.t0.addingTimeInterval(120), set: (1, 2)),
            Webhook.image(id: "e-img2", messageID: "700002", at: Webhook.t0.addingTimeInterval(121), set: (2, 2)),
            Webhook.location(id: "e-loc", at: Webhook.t0.addingTimeInterval(9 * 60 + 59)),
        ])
        #expect(more == [.joined(id), .joined(id), .joined(id)])
        #expect(try await f.caseCount() == 1)

        let attachments = try await f.store.attachments(of: id)
        #expect(attachments.map(\.filename) == ["line-700001.png", "line-700002.png"])
        #expect(attachments.allSatisfy { $0.contentType == "image/png" })
        let calls = f.content.calls
        #expect(calls.map(\.url) == ["http://line.invalid/v2/bot/message/700001/content", "http://line.invalid/v2/bot/message/700002/content"])
        #expect(calls.allSatisfy { $0.method == "GET" && $0.headers["Authorization"] == "Bearer test-token" })

        let messages = try await f.store.events(of: id).compactMap { e -> String? in
            if case .citizenMessage(let text) = e.change { return text }
            return nil
        }
        #expect(messages == ["ผู้ร้องส่งตำแหน่งที่เกิดเหตุ: ตลาดสดเทศบาล ถนนราชดำเนิน ตำบลในเมือง อำเภอเมือง (พิกัด 13.756331, 100.501765)"])
        // One answer for the text, one for the set of images (after its last), one for the location.
        let answers = try await f.answers()
        #expect(answers.count == 3)
        #expect(answers.filter { $0.payload.messages.first?.text.contains("ได้รับข้อมูลเพิ่มเติมแล้ว") == true }.count == 2)
    }

    @Test func afterTenMinutesAnImageDoesNotJoinAndTextOpensANewCase() async throws {
        let f = try LINEFixture()
        let first = try openedID(try await f.deliver([Webhook.text("เสียงดังจากโรงงานตอนกลางคืน นอนไม่ได้", id: "e-1")]))
        let late = Webhook.t0.addingTimeInterval(10 * 60 + 1)
        let image = try await f.deliver([Webhook.image(id: "e-2", messageID: "800001", at: late)])
        #expect(image == [.answered])
        #expect(try await f.store.attachments(of: first).isEmpty)
        #expect(f.content.calls.isEmpty)
        #expect(try await f.answers().last?.payload.messages.first?.text.hasPrefix("กรุณาพิมพ์รายละเอียดเรื่องที่ต้องการแจ้งก่อน") == true)

        let second = try openedID(try await f.deliver([Webhook.text("กลิ่นเหม็นจากบ่อขยะ", id: "e-3", at: late)]))
        #expect(second != first)
        #expect(try await f.caseCount() == 2)
    }

    @Test func anotherUsersMessageDoesNotJoin() async throws {
        let f = try LINEFixture()
        let first = try openedID(try await f.deliver([Webhook.text("ไฟจราจรแยกหน้าตลาดเสีย", id: "e-1")]))
        let bob = try openedID(try await f.deliver([Webhook.text("สุนัขจรจัดไล่กัดเด็ก", id: "e-2", at: Webhook.t0.addingTimeInterval(30),
                                                                  source: Webhook.source(user: Webhook.bob))]))
        #expect(bob != first)
        #expect(try await f.deliver([Webhook.location(id: "e-3", at: Webhook.t0.addingTimeInterval(60), source: Webhook.source(user: Webhook.bob))]) == [.joined(bob)])
    }

    @Test func aTrackingQueryIsAnsweredWithoutCreatingACase() async throws {
        let f = try LINEFixture()
        let id = try openedID(try await f.deliver([Webhook.text("ขอใบอนุญาตก่อสร้างยื่นไปสองเดือนยังไม่ได้", id: "e-1")]))
        let outcomes = try await f.deliver([Webhook.text("ติดตาม \(id)", id: "e-2", at: Webhook.t0.addingTimeInterval(60),
                                                          source: Webhook.source(user: Webhook.bob), replyToken: "rt-track")])
        #expect(outcomes == [.answered])
        #expect(try await f.caseCount() == 1)
        #expect(try await f.store.events(of: id).count == 1)
        let reply = try #require(try await f.answers().first { $0.payload.replyToken == "rt-track" })
        #expect(reply.payload.to == Webhook.bob)
        let text = try #require(reply.payload.messages.first?.text)
        #expect(text.contains("เรื่องเลขที่ \(id)"))
        #expect(text.contains("สถานะ: รับเรื่องแล้ว"))
        #expect(text.contains("https://voice.example.go.th/track/\(id)"))

        // An unknown ID and a mistyped one are answered too, and still open nothing.
        var g = SeededIDs()
        let unknown = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
        _ = try await f.deliver([Webhook.text(unknown.description, id: "e-3", replyToken: "rt-unknown")])
        _ = try await f.deliver([Webhook.text("track \(String(id.description.dropLast()))\(id.body.last == "0" ? "1" : "0")", id: "e-4", replyToken: "rt-typo")])
        #expect(try await f.caseCount() == 1)
        let answers = try await f.answers()
        #expect(answers.first { $0.payload.replyToken == "rt-unknown" }?.payload.messages.first?.text.hasPrefix("ไม่พบเรื่องเลขที่ \(unknown)") == true)
        #expect(answers.first { $0.payload.replyToken == "rt-typo" }?.payload.messages.first?.text.hasPrefix("เลขติดตามเรื่องไม่ถูกต้อง") == true)
    }

    @Test func anUnknownEventTypeIsRecordedAndIgnored() async throws {
        let f = try LINEFixture()
        let outcomes = try await f.deliver([
            Webhook.event("beacon", id: "e-1", extra: ["beacon": ["hwid": "d41d8cd98f", "type": "enter"]]),
            Webhook.event("memberJoined", id: "e-2", source: Webhook.source(group: Webhook.group)),
            Webhook.event("message", id: "e-3", extra: ["message": ["type": "video", "id": "1", "duration": 5000]]),
            Webhook.sticker(id: "e-4"),
            Webhook.postback(id: "e-5", data: "action=richmenu-1"),
            Webhook.text("แจ้งเรื่อง หลังคาศาลาที่พักผู้โดยสารรั่ว", id: "e-6", source: Webhook.source(group: Webhook.group)),
        ])
        #expect(outcomes.count == 6)
        #expect(outcomes.prefix(5) == [.ignored("event type beacon"), .ignored("event type memberJoined"), .ignored("message type video"),
                                      .ignored("sticker"), .ignored("postback")])
        guard case .opened = outcomes.last else { throw Unexpected(outcomes) }
        #expect(try await f.caseCount() == 1)
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).isEmpty)
        // The group case's answer goes back to the group.
        #expect(try await f.answers().map(\.payload.to) == [Webhook.group])
    }

    @Test func aMalformedStoredBodyIsSetAsideAndTheRestGoOn() async throws {
        let f = try LINEFixture()
        try await f.receive(Data("{ this is not JSON".utf8))
        try await f.receive(Webhook.body([Webhook.text("ป้ายบอกทางหักลงมาขวางถนน", id: "e-1")]))
        let report = await f.processor.processPending()
        #expect(report.rows == 2)
        #expect(!report.stalled)
        #expect(try await f.caseCount() == 1)
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).isEmpty)
    }

    @Test func followIsGreetedAndUnfollowStopsStatusPushes() async throws {
        let f = try LINEFixture()
        let greeting = try await f.deliver([Webhook.follow(id: "e-0")])
        #expect(greeting == [.answered])
        let hello = try #require(try await f.answers().first?.payload.messages.first?.text)
        #expect(hello.contains("ขอบคุณที่เพิ่ม"))
        #expect(hello.contains("ติดตาม CMP-69K7MQ2XDJN"))

        // Staff notices (CitizenNotices) and survey invitations go to the case's LINE recipient.
        let id = try openedID(try await f.deliver([Webhook.text("น้ำประปาไม่ไหลตั้งแต่เช้า", id: "e-1")]))
        #expect(try await f.store.lineRecipient(of: id) == Webhook.alice)
        #expect(try await f.deliver([Webhook.unfollow(id: "e-2")]) == [.optedOut])
        #expect(try await f.store.lineRecipient(of: id) == nil)
        _ = try await f.deliver([Webhook.follow(id: "e-3")])
        #expect(try await f.store.lineRecipient(of: id) == Webhook.alice)
    }

    @Test func aSurveyRatingButtonIsRecordedAndAnswered() async throws {
        let f = try LINEFixture()
        let id = try openedID(try await f.deliver([Webhook.text("ไฟส่องสว่างซอย 3 ดับ", id: "e-1")]))
        // Staff resolve the case; the survey hook writes the invitation with the resolution.
        let resolvedAt = Webhook.t0.addingTimeInterval(3600)
        let resolve = CaseEvent(at: resolvedAt, actor: CaseEvent.staff("officer"), change: .statusChanged(StatusChange(from: .received, to: .resolved)))
        let record = try #require(try await f.store.record(id))
        var state = record.state
        state.status = .resolved
        state.resolvedAt = resolvedAt
        let survey = try await SurveyHooks.onResolved(store: f.store, trackingID: id, state: state,
                                                      events: try await f.store.events(of: id) + [resolve], configuration: f.configuration, at: resolvedAt)
        try await f.store.append([resolve] + survey.events, to: id, expectedEventCount: nil, outbox: survey.outbox)
        let invitation = try #require(survey.outbox.first)
        #expect(invitation.kind == "survey_invitation")
        #expect(invitation.channel == .line)
        let token = try #require(SurveyInvitationMessage.decode(invitation.payload)?.token)

        let press = Webhook.postback(id: "e-press", data: SurveyAnswers.postbackData(token: token, overall: 5))
        #expect(try await f.deliver([press]) == [.surveyAnswered])
        // LINE delivers the press again, and the user presses another button later.
        #expect(try await f.deliver([press]) == [.surveyAnswered])
        #expect(try await f.deliver([Webhook.postback(id: "e-press-2", data: SurveyAnswers.postbackData(token: token, overall: 1))]) == [.surveyAnswered])
        let replies = try await f.answers().filter { $0.message.dedupeKey.hasPrefix("line:reply:event:e-press") }.compactMap(\.payload.messages.first?.text)
        #expect(replies.count == 2)
        #expect(replies.contains { $0.contains("ท่านได้ประเมินความพึงพอใจสำหรับเรื่องนี้แล้ว") })
        // Another postback is not ours to act on.
        #expect(try await f.deliver([Webhook.postback(id: "e-menu", data: "action=menu")]) == [.ignored("postback")])
    }

    @Test func aContentAPIFailureIsTriedAgainLater() async throws {
        let f = try LINEFixture(content: ScriptedTransport(statuses: [500]))
        let id = try openedID(try await f.deliver([Webhook.text("ต้นไม้ล้มขวางถนน", id: "e-1")]))
        try await f.receive(Webhook.body([Webhook.image(id: "e-2", messageID: "900001", at: Webhook.t0.addingTimeInterval(60))]))
        let first = await f.processor.processPending()
        #expect(first.stalled)
        #expect(first.rows == 0)
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).count == 1)
        let second = await f.processor.processPending()
        #expect(second.outcomes == [.joined(id)])
        #expect(try await f.store.attachments(of: id).count == 1)
    }

    @Test func contentThatNeverComesIsNotedOnTheCaseInTheEnd() async throws {
        let f = try LINEFixture(content: ScriptedTransport(statuses: Array(repeating: 503, count: 10)))
        let id = try openedID(try await f.deliver([Webhook.text("ไฟฟ้าดับทั้งหมู่บ้าน", id: "e-1")]))
        try await f.receive(Webhook.body([Webhook.image(id: "e-2", messageID: "900002", at: Webhook.t0.addingTimeInterval(60))]))
        var outcomes: [LINEEventOutcome] = []
        for _ in 0..<5 { outcomes += await f.processor.processPending().outcomes }
        #expect(outcomes == [.joined(id)])
        #expect(try await f.store.attachments(of: id).isEmpty)
        let notes = try await f.store.events(of: id).compactMap { e -> String? in
            if case .citizenMessage(let text) = e.change { return text }
            return nil
        }
        #expect(notes == ["ผู้ร้องส่งไฟล์ line-900002.jpg ทาง LINE แต่ระบบไม่สามารถจัดเก็บได้ (ดาวน์โหลดจาก LINE ไม่สำเร็จ)"])
    }

    @Test func aFileOfATypeWeDoNotTakeIsNotedNotKept() async throws {
        let f = try LINEFixture(content: ScriptedTransport(content: Data("PK\u{3}\u{4} a zip archive".utf8)))
        let id = try openedID(try await f.deliver([Webhook.text("ส่งเอกสารประกอบการร้องเรียน", id: "e-1")]))
        #expect(try await f.deliver([Webhook.file(id: "e-2", name: "เอกสาร.zip")]) == [.joined(id)])
        #expect(try await f.store.attachments(of: id).isEmpty)
        #expect(try await f.store.events(of: id).contains { $0.change == .citizenMessage("ผู้ร้องส่งไฟล์ เอกสาร.zip ทาง LINE แต่ระบบไม่สามารถจัดเก็บได้ (ชนิดไฟล์ที่ระบบไม่รับ)") })
    }
}

/// Deterministic IDs that the store never issued.
struct SeededIDs: RandomNumberGenerator {
    var state: UInt64 = 0xDEAD_BEEF
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        return z ^ (z >> 27)
    }
}
