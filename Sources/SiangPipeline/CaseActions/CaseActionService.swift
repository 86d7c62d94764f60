import Foundation
import Logging
import SiangCore
import SiangStore

/// The one place a staff action on a case is applied, for the workspace pages and the JSON API
/// alike: checks what the staff member may do, turns the request into events, adds the complainant's
/// notices (and the survey invitation on resolution) as outbox rows, refreshes the SLA index, and
/// writes all of it in one transaction guarded by the event count the staff member saw.
///
/// Reclassification re-routes the case by the routing rules (corruption only ever to the integrity
/// queue) and teaches the classifier the corrected category.
public struct CaseActionService: Sendable {
    let store: any CaseStore
    let configuration: SiangConfiguration
    let classifier: LearningClassifier
    let clock: any SiangClock
    let notices: CitizenNotices
    public let indexer: SLAIndexer
    let logger: Logger

    public init(store: any CaseStore, configuration: SiangConfiguration, classifier: LearningClassifier, sla: SLAService,
                clock: any SiangClock = SystemClock(), logger: Logger = Logger(label: "siang.case-actions")) {
        self.store = store
        self.configuration = configuration
        self.classifier = classifier
        self.clock = clock
        self.notices = CitizenNotices(store: store, configuration: configuration)
        self.indexer = SLAIndexer(store: store, sla: sla)
        self.logger = logger
    }

    /// What an applied change did.
    public struct Outcome: Sendable {
        /// The events written (empty when the request changed nothing).
        public var events: [CaseEvent]
        public var outbox: [OutboxMessage]
        /// The case's state and event count after the change.
        public var state: CaseState
        public var eventCount: Int
    }

    /// The statuses staff may move a case in `state` to at `now`, in the order of the status list.
    public static func offeredStatuses(from state: CaseState, now: Date) -> [Status] {
        Status.allCases.filter { to in
            (try? StatusMachine.check(from: state.status, to: to, by: .staff, resolvedAt: state.resolvedAt, now: now)) != nil
        }
    }

    /// Applies `request` to the case `id` for `viewer`. `expectedEventCount` is the count the staff
    /// member saw (the case page's hidden field, the API's `If-Match`); nil takes the count read here.
    public func apply(_ request: CaseChangeRequest, to id: TrackingID, by viewer: StaffViewer,
                      expectedEventCount: Int? = nil) async throws(CaseActionError) -> Outcome {
        guard viewer.seesCases else {
            throw .forbidden(th: "บทบาทผู้วิเคราะห์ข้อมูลดูได้เฉพาะข้อมูลสรุป ไม่สามารถดำเนินการกับเรื่องได้",
                             en: "The analyst role sees aggregates only and cannot act on cases.")
        }
        let now = clock.now()
        let record: CaseRecord
        let events: [CaseEvent]
        do {
            guard let found = try await store.staffRecord(id, viewer: viewer) else { throw CaseActionError.notFound }
            record = found
            events = try await store.events(of: id)
        } catch let e as CaseActionError {
            throw e
        } catch {
            throw .unavailable("\(error)")
        }
        if let expectedEventCount, expectedEventCount != record.eventCount || expectedEventCount != events.count { throw .conflict }
        let base = events.count
        guard !request.isEmpty else {
            throw .invalid([FieldError("body", .required, th: "ไม่ได้ระบุสิ่งที่ต้องการเปลี่ยนแปลง", en: "Nothing to change was given.")])
        }
        var new = try await changes(for: request, record: record, viewer: viewer, now: now)
        guard !new.isEmpty else {
            return Outcome(events: [], outbox: [], state: record.state, eventCount: base)
        }
        var outbox: [OutboxMessage] = []
        guard var state = CaseState.fold(events + new) else { throw .unavailable("the case has no received event") }
        if state.status == .resolved, record.state.status != .resolved {
            do {
                let survey = try await SurveyHooks.onResolved(store: store, trackingID: id, state: state, events: events + new,
                                                              configuration: configuration, at: now)
                new += survey.events
                outbox += survey.outbox
            } catch {
                throw .unavailable("survey invitation: \(error)")
            }
            state = CaseState.fold(events + new) ?? state
        }
        do {
            outbox = try await notices.messages(for: id, channel: record.state.channel, newEvents: new, previousCount: base) + outbox
            try await store.applyStaffChange(new, to: id, expectedEventCount: base, outbox: outbox, sla: indexer.entry(events: events + new))
        } catch .concurrentChange {
            throw .conflict
        } catch .notFound {
            throw .notFound
        } catch {
            throw .unavailable(error.description)
        }
        if let category = request.category, category != record.state.category {
            classifier.learn(LabelledText(text: [record.subject ?? "", record.text].joined(separator: " "), category: category, kind: state.kind))
        }
        logger.info("staff action", metadata: ["trackingId": "\(id)", "events": "\(new.map(\.change.type))"])
        return Outcome(events: new, outbox: outbox, state: state, eventCount: base + new.count)
    }

    /// The events `request` makes, after checking every field and permission.
    func changes(for request: CaseChangeRequest, record: CaseRecord, viewer: StaffViewer, now: Date) async throws(CaseActionError) -> [CaseEvent] {
        let current = record.state
        let limits = configuration.limits
        var problems: [FieldError] = []
        func text(_ value: String?, field: String) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            if value.count > limits.maxTextLength {
                problems.append(FieldError(field, .tooLong, th: "ข้อความยาวเกิน \(limits.maxTextLength) ตัวอักษร",
                                           en: "At most \(limits.maxTextLength) characters."))
            }
            return value
        }
        let publicNote = text(request.publicNote, field: "publicNote")
        let internalNote = text(request.internalNote, field: "internalNote")
        let reason = text(request.reason, field: "reason")
        let referredTo = text(request.referredTo, field: "referredTo")

        if let category = request.category, !configuration.taxonomy.contains(category) {
            problems.append(FieldError("category", .unknown, th: "ไม่มีหมวดเรื่อง “\(category)” ในระบบ", en: "\"\(category)\" is not a category."))
        }
        if let queue = request.queue, configuration.routing.queue(queue) == nil {
            problems.append(FieldError("queue", .unknown, th: "ไม่มีคิวงาน “\(queue)” ในระบบ", en: "\"\(queue)\" is not a queue."))
        }
        var assignee: String?? = nil
        switch request.assignee {
        case .assign(let username)?:
            let user: StaffUser?
            do { user = try await store.user(named: username) } catch { throw .unavailable(error.description) }
            if user == nil || user?.disabled == true {
                problems.append(FieldError("assignee", .unknown, th: "ไม่มีผู้ใช้ชื่อ “\(username)” ในระบบ", en: "No active user named \"\(username)\"."))
            } else if username != viewer.username, !viewer.mayReassign {
                throw .forbidden(th: "เจ้าหน้าที่รับเรื่องมอบหมายเรื่องให้ผู้อื่นไม่ได้ ขอให้ผู้บังคับบัญชาเป็นผู้มอบหมาย",
                                 en: "Agents may take a case themselves; giving it to someone else is for supervisors.")
            }
            assignee = .some(username)
        case .unassign?:
            if let holder = current.assignee, holder != viewer.username, !viewer.mayReassign {
                throw .forbidden(th: "เรื่องนี้อยู่ในความรับผิดชอบของผู้อื่น ขอให้ผู้บังคับบัญชาเป็นผู้โอนเรื่อง",
                                 en: "The case is someone else's; reassignment is for supervisors.")
            }
            assignee = .some(nil)
        case nil:
            break
        }

        // The status move and what it needs.
        var duplicateOf: TrackingID?
        if let to = request.status {
            switch to {
            case .awaitingInfo where publicNote == nil:
                problems.append(FieldError("publicNote", .required, th: "กรุณาระบุข้อมูลที่ต้องการจากผู้ร้อง", en: "Say what information the complainant should send."))
            case .resolved where publicNote == nil:
                problems.append(FieldError("publicNote", .required, th: "กรุณาบันทึกผลการดำเนินการเพื่อแจ้งผู้ร้อง", en: "A resolution note for the complainant is required."))
            case .referred where referredTo == nil:
                problems.append(FieldError("referredTo", .required, th: "กรุณาระบุหน่วยงานที่ส่งต่อและเลขที่อ้างอิงของหน่วยงานนั้น",
                                           en: "Name the other agency and its reference."))
            case .rejected where reason == nil:
                problems.append(FieldError("reason", .required, th: "กรุณาระบุเหตุผลที่ไม่รับเรื่อง", en: "A reason is required to reject a case."))
            case .duplicate:
                if let survivor = request.duplicateOf {
                    if survivor == record.trackingID {
                        problems.append(FieldError("duplicateOf", .invalid, th: "ไม่สามารถรวมเรื่องเข้ากับตัวเองได้", en: "A case cannot be merged into itself."))
                    } else {
                        let other: CaseRecord?
                        do { other = try await store.staffRecord(survivor, viewer: viewer) } catch { throw .unavailable(error.description) }
                        if let other, other.state.status != .duplicate {
                            duplicateOf = survivor
                        } else {
                            problems.append(FieldError("duplicateOf", .unknown, th: "ไม่พบเรื่องเลขที่ \(survivor) ที่จะรวมเข้าด้วย",
                                                       en: "No case \(survivor) to merge into."))
                        }
                    }
                } else {
                    problems.append(FieldError("duplicateOf", .required, th: "กรุณาระบุเลขที่เรื่องที่จะรวมเข้าด้วย", en: "Give the tracking ID of the surviving case."))
                }
            default:
                break
            }
        }
        if request.referredTo != nil, request.status != .referred {
            problems.append(FieldError("referredTo", .invalid, th: "ระบุหน่วยงานที่ส่งต่อได้เฉพาะเมื่อส่งต่อเรื่อง", en: "referredTo goes with status referred."))
        }
        if request.reason != nil, request.status != .rejected {
            problems.append(FieldError("reason", .invalid, th: "ระบุเหตุผลได้เฉพาะเมื่อไม่รับเรื่อง", en: "reason goes with status rejected."))
        }
        if request.duplicateOf != nil, request.status != .duplicate {
            problems.append(FieldError("duplicateOf", .invalid, th: "ระบุเรื่องที่รวมได้เฉพาะเมื่อรวมเรื่อง", en: "duplicateOf goes with status duplicate."))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        if !request.confirmPersonalData {
            try await checkPersonalData(record.trackingID, [("publicNote", publicNote), ("referredTo", referredTo), ("reason", reason)])
        }
        if let to = request.status {
            do {
                try StatusMachine.check(from: current.status, to: to, by: .staff, resolvedAt: current.resolvedAt, now: now)
            } catch {
                throw .transition(error)
            }
        }

        // The events, in the order a person would do them.
        let actor = viewer.actor
        var out: [CaseEvent] = []
        func add(_ change: CaseChange) { out.append(CaseEvent(at: now, actor: actor, change: change)) }
        var queue = current.queue
        var priority = current.priority
        if let category = request.category, category != current.category {
            add(.categorized(CategoryChange(category: category, confidence: nil)))
            let route = self.route(category: category, record: record)
            if request.queue == nil, route.queue != queue {
                add(.queueChanged(route.queue))
                queue = route.queue
            }
            if request.priority == nil, let p = route.priority, p != priority {
                add(.priorityChanged(p))
                priority = p
            }
        }
        if let q = request.queue, q != queue {
            add(.queueChanged(q))
            queue = q
        }
        if queue == configuration.routing.integrityQueue, current.queue != queue, !viewer.mayReferToIntegrity {
            throw .forbidden(th: "การส่งเรื่องให้ศูนย์ปฏิบัติการต่อต้านการทุจริตเป็นหน้าที่ของหัวหน้างาน โปรดแจ้งหัวหน้างานของท่านพร้อมเหตุผล",
                             en: "Referring a case to the integrity queue is for supervisors; ask your supervisor, with your reason.")
        }
        if let p = request.priority, p != priority { add(.priorityChanged(p)) }
        if let assignee, assignee != current.assignee { add(.assigned(assignee)) }
        if let internalNote { add(.internalNote(internalNote)) }
        if let to = request.status {
            let note = publicNote ?? StatusChange.defaultPublicNote(to: to, reason: reason, referredTo: referredTo, duplicateOf: duplicateOf)
            add(.statusChanged(StatusChange(from: current.status, to: to, publicNote: note, reason: reason, referredTo: referredTo,
                                            duplicateOf: duplicateOf)))
        } else if let publicNote {
            add(.publicReply(publicNote))
        }
        return out
    }

    /// Refuses, until confirmed, texts to be published that hold a phone number, an email or the
    /// complainant's name (``PersonalDataCheck``).
    func checkPersonalData(_ id: TrackingID, _ fields: [(String, String?)]) async throws(CaseActionError) {
        guard fields.contains(where: { $0.1 != nil }) else { return }
        let name: String?
        do { name = try await store.contact(of: id)?.name } catch { throw .unavailable(error.description) }
        let problems = PersonalDataCheck(complainantName: name).problems(fields)
        guard problems.isEmpty else { throw .personalData(problems) }
    }

    /// Where the routing rules send a case of `category` (the triage engine's rules, applied again).
    func route(category: String, record: CaseRecord) -> (queue: String, priority: Priority?) {
        let routing = configuration.routing
        if configuration.taxonomy.category(category)?.restricted == true { return (routing.integrityQueue, nil) }
        if let rule = routing.firstRule(category: category, segment: record.state.segment, channel: record.state.channel,
                                        subject: record.subject, text: record.text, location: record.location) {
            return (rule.queue, rule.priority.flatMap(Priority.init(rawValue:)))
        }
        return (routing.triageQueue, nil)
    }
}
