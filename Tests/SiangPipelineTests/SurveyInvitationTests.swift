import Foundation
import Testing
import SiangCore
import SiangPipeline
import SiangStore

/// Cases filed through the real pipeline and resolved the way the case actions do it: the resolving
/// event, the survey hook's note and outbox rows, appended in one transaction.
struct SurveyFixture {
    let store: SQLiteStore
    let pipeline: IntakePipeline
    let configuration: SiangConfiguration
    var answers: SurveyAnswers { SurveyAnswers(store: store, configuration: configuration) }

    /// Monday 16 November 2026, 09:00 in Bangkok.
    static let start = bangkok(2026, 11, 16, 9)

    static let routingYAML = """
        agency: {nameTh: เทศบาลตัวอย่าง, nameEn: Example Municipality, publicBaseURL: "https://voice.example.go.th/"}
        routing:
          queues:
            - {code: triage, th: งานคัดกรองเรื่องร้องเรียน, en: Complaint screening}
            - {code: integrity, th: ศูนย์ปฏิบัติการต่อต้านการทุจริต, en: Anti-corruption centre}
            - {code: engineering, th: กองช่าง, en: Engineering division, supervisors: [boss]}
            - {code: public_health, th: กองสาธารณสุขและสิ่งแวดล้อม, en: Public health and environment division, supervisors: [malee]}
            - {code: disaster, th: งานป้องกันและบรรเทาสาธารณภัย, en: Disaster prevention and relief}
            - {code: administration, th: สำนักปลัด, en: Office of the permanent secretary}
            - {code: it, th: งานเทคโนโลยีสารสนเทศ, en: Information technology unit}
        """

    init(extraYAML: String = "") throws {
        store = try temporaryStore()
        let (pipeline, _, configuration) = try triageFixture(store: store, now: Self.start, configYAML: Self.routingYAML + "\n" + extraYAML)
        self.pipeline = pipeline
        self.configuration = configuration
    }

    func file(_ text: String = "ถนนหน้าบ้านเป็นหลุมใหญ่", channel: Channel = .web, contact: Contact? = nil, category: String? = "road",
              segment: Segment? = .citizen) async throws -> TrackingID {
        let intake = Intake(kind: .complaint, text: text, channel: channel, channelMessageKey: UUID().uuidString, receivedAt: Self.start,
                            contact: contact, consent: contact != nil, category: category, segment: segment)
        guard case .created(let receipt) = try await pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
        return receipt.trackingId
    }

    /// Moves a case to `to` as staff would, and on `resolved` runs the survey hook in the same append.
    @discardableResult
    func move(_ id: TrackingID, to: Status, at: Date, actor: String = CaseEvent.staff("somchai")) async throws -> (events: [CaseEvent], outbox: [OutboxMessage]) {
        let events = try await store.events(of: id)
        let from = try #require(CaseState.fold(events)).status
        var new = [CaseEvent(at: at, actor: actor, change: .statusChanged(StatusChange(from: from, to: to)))]
        var outbox: [OutboxMessage] = []
        let state = try #require(CaseState.fold(events + new))
        if to == .resolved {
            let survey = try await SurveyHooks.onResolved(store: store, trackingID: id, state: state, events: events + new,
                                                          configuration: configuration, at: at)
            new += survey.events
            outbox += survey.outbox
        }
        try await store.append(new, to: id, expectedEventCount: events.count, outbox: outbox)
        return (new, outbox)
    }

    @discardableResult
    func resolve(_ id: TrackingID, at: Date) async throws -> (events: [CaseEvent], outbox: [OutboxMessage]) {
        let status = try #require(try await store.record(id)).state.status
        if status == .received || status == .triaged { try await move(id, to: .inProgress, at: at.addingTimeInterval(-60)) }
        return try await move(id, to: .resolved, at: at)
    }

    func invitation(_ id: TrackingID) async throws -> SurveyInvitation {
        try #require(try await store.surveyInvitations(of: id).last)
    }

    func surveyOutbox() async throws -> [OutboxMessage] {
        try await store.pendingOutbox(limit: 10_000).map(\.message).filter { $0.kind == SurveyInvitationMessage.outboxKind }
    }

    func recoveryOutbox() async throws -> [OutboxMessage] {
        try await store.pendingOutbox(limit: 10_000).map(\.message).filter { $0.kind == ServiceRecovery.outboxKind }
    }
}

@Suite struct SurveyInvitationTests {
    let day: TimeInterval = 86_400

    @Test func aResolvedCaseGetsOneTokenThatTakesOneAnswer() async throws {
        let f = try SurveyFixture()
        let id = try await f.file()
        let resolvedAt = SurveyFixture.start.addingTimeInterval(2 * day)
        let change = try await f.resolve(id, at: resolvedAt)
        let invitation = try await f.invitation(id)
        #expect(invitation.route == .trackingPage)
        #expect(invitation.surveyID == "case" && invitation.version == 1)
        #expect(invitation.token.count >= 22)
        #expect(invitation.expiresAt == resolvedAt.addingTimeInterval(30 * day))
        #expect(invitation.category == "road" && invitation.segment == .citizen && invitation.channel == .web)
        #expect(change.events.contains { if case .internalNote(let n) = $0.change { n.contains("แบบสำรวจความพึงพอใจ") } else { false } })
        #expect(try await f.answers.openInvitation(of: id, at: resolvedAt)?.token == invitation.token)

        let answer = SurveyResponse(ratings: ["overall": 4, "process": 4, "trust": 5, "recommend": 4], choices: ["frequency": "first"])
        #expect(try await f.answers.submit(token: invitation.token, response: answer, via: "web", at: resolvedAt.addingTimeInterval(3600))
            == .recorded(dissatisfied: false))
        #expect(try await f.answers.submit(token: invitation.token, response: answer, via: "web", at: resolvedAt.addingTimeInterval(7200))
            == .alreadyAnswered)
        #expect(try await f.answers.openInvitation(of: id, at: resolvedAt.addingTimeInterval(7200)) == nil)
        let stored = try #require(try await f.store.surveyAnswer(token: invitation.token))
        #expect(stored.answer.response.overall == 4 && stored.answer.source == "case" && stored.answer.via == "web")
        #expect(try await f.answers.submit(token: "no-such-token-0000000000", response: answer, via: "web", at: resolvedAt) == .unknown)
    }

    @Test func aTokenExpiresAfterTheConfiguredDays() async throws {
        let f = try SurveyFixture(extraYAML: "surveys: {invitationExpiryDays: 10}")
        let id = try await f.file()
        let resolvedAt = SurveyFixture.start.addingTimeInterval(day)
        try await f.resolve(id, at: resolvedAt)
        let token = try await f.invitation(id).token
        let answer = SurveyResponse(ratings: ["overall": 5])
        #expect(try await f.answers.state(ofToken: token, at: resolvedAt.addingTimeInterval(10 * day - 1)) != .unknown)
        if case .expired = try await f.answers.state(ofToken: token, at: resolvedAt.addingTimeInterval(10 * day)) {} else {
            Issue.record("the token should be expired after 10 days")
        }
        #expect(try await f.answers.submit(token: token, response: answer, via: "web", at: resolvedAt.addingTimeInterval(10 * day + 1)) == .expired)
        #expect(try await f.answers.submit(token: token, response: answer, via: "web", at: resolvedAt.addingTimeInterval(9 * day)) == .recorded(dissatisfied: false))
    }

    @Test func rejectedAndDuplicateCasesAreNeverSurveyed() async throws {
        let f = try SurveyFixture()
        let rejected = try await f.file()
        try await f.move(rejected, to: .rejected, at: SurveyFixture.start.addingTimeInterval(3600))
        let duplicate = try await f.file("ถนนหน้าบ้านเป็นหลุมใหญ่ มาก")
        try await f.move(duplicate, to: .duplicate, at: SurveyFixture.start.addingTimeInterval(3600))
        for id in [rejected, duplicate] {
            let events = try await f.store.events(of: id)
            let state = try #require(CaseState.fold(events))
            let hook = try await SurveyHooks.onResolved(store: f.store, trackingID: id, state: state, events: events,
                                                        configuration: f.configuration, at: SurveyFixture.start.addingTimeInterval(7200))
            #expect(hook.events.isEmpty && hook.outbox.isEmpty)
            #expect(try await f.store.surveyInvitations(of: id).isEmpty)
        }
        // A case marked duplicate once is not surveyed even if its status were later forced to resolved.
        let events = try await f.store.events(of: duplicate)
        var state = try #require(CaseState.fold(events))
        state.status = .resolved
        let hook = try await SurveyHooks.onResolved(store: f.store, trackingID: duplicate, state: state, events: events,
                                                    configuration: f.configuration, at: SurveyFixture.start.addingTimeInterval(7200))
        #expect(hook.outbox.isEmpty && hook.events.isEmpty)
    }

    @Test func aReopenedCaseIsNotAskedTwiceWithinItsWindow() async throws {
        let contact = Contact(name: "สมศรี ใจดี", email: "somsri@example.com")
        let f = try SurveyFixture()
        let id = try await f.file(contact: contact)
        let first = SurveyFixture.start.addingTimeInterval(day)
        let sent = try await f.resolve(id, at: first)
        #expect(sent.outbox.count == 1)
        try await f.move(id, to: .inProgress, at: first.addingTimeInterval(2 * day), actor: CaseEvent.citizen)
        let again = try await f.resolve(id, at: first.addingTimeInterval(5 * day))
        #expect(again.outbox.isEmpty && again.events.count == 1, "only the resolving event")
        #expect(try await f.store.surveyInvitations(of: id).count == 1)
        #expect(try await f.surveyOutbox().count == 1)
        // Resolved again once the first invitation has expired: a new survey.
        try await f.move(id, to: .inProgress, at: first.addingTimeInterval(31 * day), actor: CaseEvent.citizen)
        let later = try await f.resolve(id, at: first.addingTimeInterval(40 * day))
        #expect(later.outbox.count == 1)
        #expect(try await f.store.surveyInvitations(of: id).count == 2)
    }

    @Test func anInvitationWhoseResolutionFailedIsSentWithTheNextResolutionOnly() async throws {
        let f = try SurveyFixture(extraYAML: "")
        let id = try await f.file(contact: Contact(email: "a@example.com"))
        let at = SurveyFixture.start.addingTimeInterval(day)
        try await f.move(id, to: .inProgress, at: at.addingTimeInterval(-60))
        // The hook ran but the resolution was never stored (a concurrent change, say).
        let events = try await f.store.events(of: id)
        let resolving = CaseEvent(at: at, actor: CaseEvent.staff("somchai"), change: .statusChanged(StatusChange(from: .inProgress, to: .resolved)))
        let lost = try await SurveyHooks.onResolved(store: f.store, trackingID: id, state: try #require(CaseState.fold(events + [resolving])),
                                                    events: events + [resolving], configuration: f.configuration, at: at)
        #expect(lost.outbox.count == 1)
        let token = try await f.invitation(id).token
        // Its token leads nowhere while the case is not resolved.
        #expect(try await f.answers.state(ofToken: token, at: at) == .unknown)
        // The resolution that is stored sends that same invitation, once.
        let stored = try await f.move(id, to: .resolved, at: at.addingTimeInterval(600))
        #expect(stored.outbox.map(\.dedupeKey) == lost.outbox.map(\.dedupeKey))
        #expect(try await f.store.surveyInvitations(of: id).count == 1)
        if case .open = try await f.answers.state(ofToken: token, at: at.addingTimeInterval(700)) {} else { Issue.record("the token should be open") }
    }

    @Test func eachChannelHasItsRoute() async throws {
        let f = try SurveyFixture()
        let at = SurveyFixture.start.addingTimeInterval(day)

        let line = try await f.file(channel: .line, contact: Contact(lineUserID: "U1234567890abcdef"))
        let lineOutbox = try await f.resolve(line, at: at).outbox
        #expect(try await f.invitation(line).route == .line)
        let push = try #require(lineOutbox.first)
        #expect(push.kind == "survey_invitation" && push.channel == .line && push.trackingID == line)
        let message = try #require(SurveyInvitationMessage.decode(push.payload))
        let token = try await f.invitation(line).token
        #expect(message.to == "U1234567890abcdef")
        #expect(message.token == token)
        #expect(message.url == "https://voice.example.go.th/survey/\(token)")
        #expect(message.text.contains("เรื่องเลขที่ \(line) ดำเนินการแล้วเสร็จ"))
        let buttons = try #require(message.messages?.first?.quickReply?.items)
        #expect(buttons.map(\.action.data) == (1...5).reversed().map { "survey=\(token)&overall=\($0)" })
        #expect(buttons.map(\.action.label).first == "5 มากที่สุด")
        #expect(buttons.allSatisfy { $0.action.type == "postback" && $0.action.label.count <= 20 })

        let email = try await f.file(channel: .email, contact: Contact(email: "somchai@example.com"))
        let mail = try #require(try await f.resolve(email, at: at).outbox.first)
        #expect(mail.channel == .email && mail.kind == "survey_invitation")
        let mailMessage = try #require(SurveyInvitationMessage.decode(mail.payload))
        #expect(mailMessage.subject == "แบบสำรวจความพึงพอใจ เรื่องเลขที่ \(email)")
        #expect(mailMessage.text.contains(mailMessage.url) && mailMessage.to == nil)
        #expect(!mail.payload.contains("somchai@example.com"), "the address is looked up at delivery, not kept in the outbox")

        let hotline = try await f.file(channel: .hotline, contact: Contact(name: "นายสมชาย", phone: "0812345678"))
        let callback = try await f.resolve(hotline, at: at)
        #expect(callback.outbox.isEmpty)
        let invitation = try await f.invitation(hotline)
        #expect(invitation.route == .callback)
        #expect(try await f.store.surveyCallBacks(now: at.addingTimeInterval(60), limit: 10).map(\.trackingID) == [hotline])
        // Staff call and enter what the person said: the case leaves the list.
        #expect(try await f.answers.submit(token: invitation.token, response: SurveyResponse(ratings: ["overall": 5]), via: "staff",
                                           at: at.addingTimeInterval(3600)) == .recorded(dissatisfied: false))
        #expect(try await f.store.surveyCallBacks(now: at.addingTimeInterval(7200), limit: 10).isEmpty)
        #expect(try await f.store.surveyAnswer(token: invitation.token)?.answer.via == "staff")

        // A LINE user who unfollowed cannot be pushed to: the tracking page is left.
        let unfollowed = try await f.file(channel: .line, contact: Contact(lineUserID: "Ugone"))
        try await f.store.setLINEFollowing(userID: "Ugone", following: false)
        #expect(try await f.resolve(unfollowed, at: at).outbox.isEmpty)
        #expect(try await f.invitation(unfollowed).route == .trackingPage)
    }

    @Test func resolvingThroughTheStaffActionsInvitesOnce() async throws {
        let f = try SurveyFixture()
        let id = try await f.file(channel: .email, contact: Contact(email: "p@example.com"))
        let sla = try SLAService(configuration: f.configuration)
        let classifier = LearningClassifier(TextClassifier(taxonomy: f.configuration.taxonomy, examples: miniCorpus))
        let actions = CaseActionService(store: f.store, configuration: f.configuration, classifier: classifier, sla: sla,
                                        clock: PinnedClock(instant: SurveyFixture.start.addingTimeInterval(day)))
        let admin = StaffViewer(username: "admin", role: .admin, memberQueues: [], supervisedQueues: [], restrictedCategories: ["corruption"],
                                integrityQueue: "integrity")
        _ = try await actions.apply(.move(to: .inProgress), to: id, by: admin)
        let outcome = try await actions.apply(.move(to: .resolved, publicNote: "ซ่อมถนนเรียบร้อยแล้ว"), to: id, by: admin)
        #expect(outcome.outbox.filter { $0.kind == "survey_invitation" }.count == 1)
        #expect(try await f.store.surveyInvitations(of: id).count == 1)
        #expect(try await f.surveyOutbox().count == 1)
    }
}
