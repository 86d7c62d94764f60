import Foundation
import SiangTestSupport
import LINE
import SiangCore
import SiangDelivery
import SiangStore
import Testing

/// The LINE deliverer and the outbox dispatcher against the local stand-in Messaging API, through
/// libcurl, with a clock the test moves.
@Suite struct DelivererTests {
    /// A store with one queued answer, a dispatcher and the stand-in.
    struct Rig {
        let f: LINEFixture
        let dispatcher: OutboxDispatcher
        let dedupeKey = "line:reply:event:01HDELIVER"

        init(baseURL: String) throws {
            f = try LINEFixture(apiBaseURL: baseURL)
            dispatcher = OutboxDispatcher(store: f.store, deliverers: [LINEDeliverer(api: LINEAPIClient(settings: f.configuration.line), clock: f.clock)],
                                          clock: f.clock)
        }

        func queue(kind: String = LINEOutbound.Kind.reply, replyToken: String? = "rt-deliver", validFor: TimeInterval = 50) async throws {
            let outbound = LINEOutbound(to: Webhook.alice, replyToken: replyToken, replyBefore: f.clock.now().addingTimeInterval(validFor),
                                        messages: [LINETextMessage("ได้รับเรื่องของท่านแล้ว")])
            try await f.store.enqueueOutbox([outbound.outboxMessage(kind: kind, trackingID: nil, dedupeKey: dedupeKey)], at: f.clock.now())
        }

        var pending: Int { get async throws { try await f.store.pendingOutbox(limit: 10).count } }
    }

    @Test func aReplyGoesOutWithTheTokenWhileItIsValid() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            try await rig.queue()
            #expect(try await rig.dispatcher.runOnce() == 1)
            let sent = line.requests
            #expect(sent.map(\.path) == [LINEStandIn.replyPath])
            #expect(sent.first?.headers["authorization"] == "Bearer test-token")
            #expect(sent.first?.body["replyToken"] as? String == "rt-deliver")
            let messages = sent.first?.body["messages"] as? [[String: Any]]
            #expect(messages?.first?["type"] as? String == "text")
            #expect(messages?.first?["text"] as? String == "ได้รับเรื่องของท่านแล้ว")
            #expect(try await rig.pending == 0)
        }
    }

    @Test func a500AndA429AreRetriedUntilDeliveredOnce() async throws {
        let line = LINEStandIn()
        line.script(LINEStandIn.replyPath, [.init(status: 500), .init(status: 429, retryAfter: "30")])
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            try await rig.queue(validFor: 120)
            #expect(try await rig.dispatcher.runOnce() == 0)  // 500: retried after the backoff (5 s)
            rig.f.clock.advance(1)
            #expect(try await rig.dispatcher.runOnce() == 0)
            #expect(line.requests.count == 1)
            rig.f.clock.advance(5)
            #expect(try await rig.dispatcher.runOnce() == 0)  // 429 with Retry-After: 30
            rig.f.clock.advance(20)                           // the backoff alone (10 s) would retry by now
            #expect(try await rig.dispatcher.runOnce() == 0)
            #expect(line.requests.count == 2)
            rig.f.clock.advance(11)
            #expect(try await rig.dispatcher.runOnce() == 1)
            rig.f.clock.advance(3600)
            #expect(try await rig.dispatcher.runOnce() == 0)
            #expect(line.requests.map(\.status) == [500, 429, 200])
            #expect(line.requests.filter { $0.status == 200 }.count == 1)
            #expect(try await rig.pending == 0)
        }
    }

    @Test func aRetriedPushCarriesOneRetryKeyAndIsAcceptedOnce() async throws {
        let line = LINEStandIn()
        line.script(LINEStandIn.pushPath, [.init(status: 503), .init(status: 429, retryAfter: "2")])
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            try await rig.queue(kind: LINEOutbound.Kind.push, replyToken: nil)
            for _ in 0..<4 {
                try await rig.dispatcher.runOnce()
                rig.f.clock.advance(60)
            }
            let pushes = line.requests(to: LINEStandIn.pushPath)
            #expect(pushes.map(\.status) == [503, 429, 200])
            let key = LINEOutbound.retryKey(for: rig.dedupeKey)
            #expect(pushes.allSatisfy { $0.headers["x-line-retry-key"] == key })
            #expect(UUID(uuidString: key) != nil)
            #expect(pushes.last?.body["to"] as? String == Webhook.alice)
            #expect(try await rig.pending == 0)
        }
    }

    @Test func anExpiredReplyTokenGoesOutAsAPush() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            try await rig.queue()
            rig.f.clock.advance(51)
            #expect(try await rig.dispatcher.runOnce() == 1)
            #expect(line.requests.map(\.path) == [LINEStandIn.pushPath])
            #expect(line.requests.first?.headers["x-line-retry-key"] == LINEOutbound.retryKey(for: rig.dedupeKey))
        }
    }

    @Test func aRefusedReplyTokenFallsBackToAPush() async throws {
        let line = LINEStandIn()
        line.script(LINEStandIn.replyPath, [.init(status: 400)])
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            try await rig.queue()
            #expect(try await rig.dispatcher.runOnce() == 1)
            #expect(line.requests.map(\.path) == [LINEStandIn.replyPath, LINEStandIn.pushPath])
        }
    }

    @Test func aPushLINEAlreadyAcceptedCountsAsDelivered() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            // An earlier attempt was accepted but its answer was lost (the process died before marking it).
            let client = LINEAPIClient(settings: rig.f.configuration.line)
            _ = try await client.push(to: Webhook.alice, messages: [LINETextMessage("x")], retryKey: LINEOutbound.retryKey(for: rig.dedupeKey))
            try await rig.queue(kind: LINEOutbound.Kind.push, replyToken: nil)
            #expect(try await rig.dispatcher.runOnce() == 1)
            #expect(line.requests.map(\.status) == [200, 409])
        }
    }

    @Test func anotherClientErrorIsNotRetried() async throws {
        let line = LINEStandIn()
        line.script(LINEStandIn.pushPath, [.init(status: 400)])
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            try await rig.queue(kind: LINEOutbound.Kind.push, replyToken: nil)
            #expect(try await rig.dispatcher.runOnce() == 0)
            rig.f.clock.advance(86_400)
            #expect(try await rig.dispatcher.runOnce() == 0)
            #expect(line.requests.count == 1)
        }
    }

    @Test func aNewLINECaseIsAcknowledgedOnceByTheReplyAlone() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            // The pipeline queues no generic acknowledgement for LINE: the adapter's reply says it with the token.
            let id = try #require(try await rig.f.deliver([Webhook.text("หลอดไฟถนนดับ", id: "e-ack")]).first.flatMap { o -> TrackingID? in
                if case .opened(let id) = o { return id }
                return nil
            })
            let pending = try await rig.f.store.pendingOutbox(limit: 10).map(\.message)
            #expect(pending.map(\.kind) == ["line_reply"])
            #expect(try await rig.dispatcher.runOnce() == 1)
            #expect(line.requests.map(\.path) == [LINEStandIn.replyPath])
            #expect((line.requests.first?.body["messages"] as? [[String: Any]])?.first?["text"] as? String ?? "" == LINEReplies(configuration: rig.f.configuration).received(id))
        }
    }

    @Test func staffNoticesArePushedToTheCasesLINEUserUnlessTheyUnfollowed() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let f = try LINEFixture(apiBaseURL: base)
            let dispatcher = OutboxDispatcher(store: f.store, deliverers: [LINEDeliverer(api: LINEAPIClient(settings: f.configuration.line),
                                                                                     store: f.store, clock: f.clock)], clock: f.clock)
            guard case .opened(let id)? = try await f.deliver([Webhook.text("ทางม้าลายหน้าโรงเรียนสีลบหมด", id: "e-1")]).first else {
                Issue.record("no case")
                return
            }
            _ = try await dispatcher.runOnce()  // the answer to the message
            // What CitizenNotices writes with a staff status change: {"text": …}, channel line.
            let notice = OutboxMessage(kind: "status_notice", channel: .line, trackingID: id,
                                       payload: #"{"text":"เรื่องเลขที่ \#(id) ของท่าน: อยู่ระหว่างดำเนินการ"}"#, dedupeKey: "notice:\(id):3:line")
            try await f.store.enqueueOutbox([notice], at: f.clock.now())
            #expect(try await dispatcher.runOnce() == 1)
            let push = try #require(line.requests(to: LINEStandIn.pushPath).last)
            #expect(push.body["to"] as? String == Webhook.alice)
            #expect((push.body["messages"] as? [[String: Any]])?.first?["text"] as? String == "เรื่องเลขที่ \(id) ของท่าน: อยู่ระหว่างดำเนินการ")
            #expect(push.headers["x-line-retry-key"] == LINEOutbound.retryKey(for: "notice:\(id):3:line"))

            _ = try await f.deliver([Webhook.unfollow(id: "e-2")])
            var later = notice
            later.dedupeKey = "notice:\(id):4:line"
            try await f.store.enqueueOutbox([later], at: f.clock.now())
            #expect(try await dispatcher.runOnce() == 0)
            #expect(line.requests(to: LINEStandIn.pushPath).count == 1)
        }
    }

    @Test func aSurveyInvitationIsPushedWithItsRatingButtons() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let rig = try Rig(baseURL: base)
            let message = SurveyInvitationMessage(token: "tok", trackingId: "CMP-69K7MQ2XDJN", url: "https://voice.example.go.th/survey/tok",
                                                  expiresAt: rig.f.clock.now().addingTimeInterval(86_400 * 30), to: Webhook.alice, text: "ประเมินความพึงพอใจ",
                                                  messages: [LINEQuickReplyMessage(text: "ประเมินความพึงพอใจ", buttons: [
                                                      (label: "5 พอใจมากที่สุด", data: "survey=tok&overall=5", displayText: "ความพึงพอใจโดยรวม: 5"),
                                                  ])])
            try await rig.f.store.enqueueOutbox([OutboxMessage(kind: "survey_invitation", channel: .line, trackingID: nil,
                                                               payload: message.encoded(), dedupeKey: "survey:invitation:tok")], at: rig.f.clock.now())
            #expect(try await rig.dispatcher.runOnce() == 1)
            let push = try #require(line.requests(to: LINEStandIn.pushPath).first)
            #expect(push.body["to"] as? String == Webhook.alice)
            let sent = try #require((push.body["messages"] as? [[String: Any]])?.first)
            let items = (sent["quickReply"] as? [String: Any])?["items"] as? [[String: Any]]
            #expect((items?.first?["action"] as? [String: Any])?["data"] as? String == "survey=tok&overall=5")
        }
    }

    @Test func imagesAreDownloadedFromTheContentEndpoint() async throws {
        let line = LINEStandIn()
        try await line.serve { base in
            let f = try LINEFixture(http: CurlHTTPClient(), apiBaseURL: base)
            _ = try await f.deliver([Webhook.text("ทางเท้าชำรุด", id: "e-1")])
            let outcomes = try await f.deliver([Webhook.image(id: "e-2", messageID: "123456", at: Webhook.t0.addingTimeInterval(30))])
            guard case .joined(let id)? = outcomes.first else { Issue.record("\(outcomes)"); return }
            #expect(line.requests.map(\.path) == ["/v2/bot/message/123456/content"])
            #expect(line.requests.first?.headers["authorization"] == "Bearer test-token")
            let stored = try #require(try await f.store.attachments(of: id).first)
            #expect(stored.size == tinyPNG.count)
            #expect(try AttachmentStore(dataDirectory: f.dataDirectory, cipher: .forTests).read(sha256: stored.sha256) == tinyPNG)
        }
    }
}
