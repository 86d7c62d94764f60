import Crypto
import Foundation
import Logging
import SiangCore
import SiangStore

/// The one path every channel's message takes into the system:
/// validate -> deduplicate (channel key) -> store with its first event -> outbox acknowledgement.
///
/// The case is committed (durably) before `submit` returns, so a channel may acknowledge as soon as
/// it has the outcome.
public struct IntakePipeline: Sendable {
    public let store: any CaseStore
    public let configuration: SiangConfiguration
    let clock: any SiangClock
    let ids: any TrackingIDSource
    let validator: IntakeValidator
    let logger: Logger
    /// Fills in what the channel left open (category, kind, priority, queue) and computes SLA due
    /// times; nil leaves a case as the channel gave it.
    let triage: (any IntakeTriage)?
    /// Flags look-alike open cases; nil skips the check.
    let duplicates: DuplicateFinder?

    /// How often a colliding random ID is replaced before giving up; collisions are rare enough
    /// that more than one in a row means something else is wrong.
    static let idAttempts = 5

    public init(store: any CaseStore, configuration: SiangConfiguration, clock: any SiangClock = SystemClock(),
                ids: any TrackingIDSource = SecureRandomTrackingIDSource(), triage: (any IntakeTriage)? = nil,
                duplicates: DuplicateFinder? = nil, logger: Logger = Logger(label: "siang.intake")) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.ids = ids
        self.triage = triage
        self.duplicates = duplicates
        self.validator = IntakeValidator(limits: configuration.limits, taxonomy: configuration.taxonomy,
                                         receivedAtFloor: configuration.intake.floorDate)
        self.logger = logger
    }

    /// Every problem with an intake, without storing anything; channels use it to report their own
    /// translation problems and these together.
    public func problems(in intake: Intake) -> [FieldError] { validator.problems(in: intake) }

    /// Takes one message in. Throws ``IntakeError/invalid(_:)`` with every field problem at once.
    public func submit(_ intake: Intake, actor: String = CaseEvent.citizen) async throws(IntakeError) -> CreateOutcome {
        let triaged = try await triaged(intake)
        for _ in 0..<Self.idAttempts {
            let newCase = try newCase(triaged, actor: actor)
            let id = newCase.trackingID
            do {
                let outcome = try await store.create(newCase)
                if case .created = outcome {
                    logger.info("case received", metadata: ["trackingId": "\(id)", "channel": "\(intake.channel.rawValue)"])
                }
                return outcome
            } catch .trackingIDTaken {
                logger.notice("tracking ID collision; drawing another")
                continue
            } catch .keyReusedForDifferentRequest {
                throw .keyReused
            } catch {
                throw .unavailable(error.description)
            }
        }
        throw .unavailable("could not find a free tracking ID")
    }

    /// Adds a follow-up from the complainant to an existing case (a LINE message within the joining
    /// window, an email reply). A case waiting for the complainant (`awaiting_info`) moves back to
    /// `in_progress`, which resumes its SLA clock. Returns false when the channel key was seen before.
    public func addMessage(to id: TrackingID, text: String?, attachments: [AttachmentRef] = [], channel: Channel,
                           channelMessageKey: String?, at: Date) async throws(IntakeError) -> Bool {
        do {
            guard let record = try await store.record(id) else { throw IntakeError.unavailable("no case \(id)") }
            let events = followUpEvents(text: text, status: record.state.status, at: at)
            guard !events.isEmpty || !attachments.isEmpty else { return false }
            return try await store.appendMessage(events, to: id, attachments: attachments, channel: channel, key: channelMessageKey, outbox: [])
        } catch let e as IntakeError {
            throw e
        } catch {
            throw .unavailable("\(error)")
        }
    }

    /// Takes many messages in one transaction (imports, seeding). Each item gets its own outcome:
    /// invalid items are reported and the rest stored. A tracking ID collision redraws the batch's IDs.
    /// `calls` turns the outcomes into hotline call records, stored in the same transaction.
    public func submitMany(_ intakes: [Intake], actor: String = CaseEvent.citizen,
                           recordingCalls calls: @escaping @Sendable ([Result<CreateOutcome, IntakeError>]) -> [CallRecord] = { _ in [] })
        async throws(IntakeError) -> [Result<CreateOutcome, IntakeError>] {
        var results = [Result<CreateOutcome, IntakeError>?](repeating: nil, count: intakes.count)
        var valid: [(index: Int, intake: Intake, decision: TriageDecision, fingerprint: String)] = []
        for (i, raw) in intakes.enumerated() {
            let intake = Self.tidied(raw)
            let problems = validator.problems(in: intake)
            if !problems.isEmpty { results[i] = .failure(.invalid(problems)); continue }
            let decision = triage?.triage(intake) ?? TriageDecision(kind: intake.kind ?? .complaint, category: intake.category,
                                                                     classifierConfidence: nil, priority: .normal, queue: nil, sla: nil)
            valid.append((i, intake, decision, Self.fingerprint(of: intake)))
        }
        for _ in 0..<Self.idAttempts {
            var cases: [NewCase] = []
            for item in valid {
                let id: TrackingID
                do { id = try ids.next(prefix: configuration.trackingPrefix, beYear: BangkokTime.beYear(of: item.intake.receivedAt)) } catch {
                    throw .unavailable("cannot make a tracking ID: \(error)")
                }
                cases.append(makeCase(id: id, intake: item.intake, decision: item.decision, actor: actor, fingerprint: item.fingerprint))
            }
            let invalid = results
            let indices = valid.map(\.index)
            do {
                let outcomes = try await store.createMany(cases) { outcomes in
                    var all = invalid
                    for (index, outcome) in zip(indices, outcomes) { all[index] = .success(outcome) }
                    return calls(all.map { $0! })
                }
                for (index, outcome) in zip(indices, outcomes) { results[index] = .success(outcome) }
                return results.map { $0! }
            } catch .trackingIDTaken {
                continue
            } catch .keyReusedForDifferentRequest {
                // Rare in a batch; fall back to one by one so only the offending item fails.
                for item in valid {
                    do { results[item.index] = .success(try await submit(item.intake, actor: actor)) } catch {
                        results[item.index] = .failure(error)
                    }
                }
                let all = results.map { $0! }
                do { try await store.recordCalls(calls(all)) } catch { throw .unavailable(error.description) }
                return all
            } catch {
                throw .unavailable(error.description)
            }
        }
        throw .unavailable("could not find free tracking IDs")
    }

    /// The intake as it is checked and stored: text and subject without surrounding white space.
    static func tidied(_ intake: Intake) -> Intake {
        var intake = intake
        intake.text = intake.text.trimmingWhitespace
        intake.subject = intake.subject?.trimmingWhitespace.nilIfEmpty
        return intake
    }

    func makeCase(id: TrackingID, intake: Intake, decision: TriageDecision, actor: String, fingerprint: String) -> NewCase {
        let at = intake.receivedAt
        var events = [CaseEvent(at: at, actor: actor, change: .received(ReceivedChange(
            kind: decision.kind, channel: intake.channel, category: intake.category, segment: intake.segment,
            priority: decision.priority)))]
        if intake.category == nil, let category = decision.category {
            events.append(CaseEvent(at: at, actor: CaseEvent.system,
                                    change: .categorized(CategoryChange(category: category, confidence: decision.classifierConfidence))))
        }
        if let suggestion = decision.suggestion {
            events.append(CaseEvent(at: at, actor: CaseEvent.system,
                                    change: .suggested(CategoryChange(category: suggestion, confidence: decision.classifierConfidence))))
        }
        if let queue = decision.queue {
            events.append(CaseEvent(at: at, actor: CaseEvent.system, change: .queueChanged(queue)))
        }
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: decision.kind, category: decision.category,
                                  receivedAt: at, sla: decision.sla)
        return NewCase(trackingID: id, intake: intake, events: events, outbox: acknowledgements(for: id, intake: intake),
                       fingerprint: fingerprint, receipt: receipt)
    }

    /// The acknowledgement a person gets through a channel we can reach them on. The web form's
    /// answer page is its own acknowledgement, and the LINE adapter answers with the reply token it
    /// holds; an email address given with consent gets one by email.
    func acknowledgements(for id: TrackingID, intake: Intake) -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        let payload = #"{"template":"acknowledgement"}"#
        if intake.consent, let email = intake.contact?.email, !email.isEmpty {
            messages.append(OutboxMessage(kind: "acknowledgement", channel: .email, trackingID: id, payload: payload, dedupeKey: "ack:email:\(id)"))
        }
        return messages
    }

    /// A digest of what the sender chose to send (not the server's receipt time), so a retried
    /// request matches its first attempt and a different request under the same key does not.
    static func fingerprint(of intake: Intake) -> String {
        var parts: [String] = [
            intake.kind?.rawValue ?? "", intake.subject ?? "", intake.text, intake.category ?? "",
            intake.segment?.rawValue ?? "", intake.contact?.name ?? "", intake.contact?.phone ?? "",
            intake.contact?.email ?? "", intake.contact?.lineUserID ?? "", intake.consent ? "1" : "0",
            intake.location?.address ?? "", intake.location?.lat.map { "\($0)" } ?? "",
            intake.location?.lon.map { "\($0)" } ?? "", intake.externalRef ?? "",
        ]
        parts += intake.attachments.map(\.sha256)
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What triage decided for a new case before it is stored.
public struct TriageDecision: Sendable {
    public var kind: Kind
    public var category: String?
    public var classifierConfidence: Double?
    /// The classifier's guess when it was not confident enough to set the category.
    public var suggestion: String?
    public var priority: Priority
    public var queue: String?
    public var sla: SLASummary?
    public init(kind: Kind, category: String?, classifierConfidence: Double?, suggestion: String? = nil, priority: Priority,
                queue: String?, sla: SLASummary?) {
        self.kind = kind
        self.category = category
        self.classifierConfidence = classifierConfidence
        self.suggestion = suggestion
        self.priority = priority
        self.queue = queue
        self.sla = sla
    }
}

/// The triage step (classification, routing, SLA) plugged into intake.
public protocol IntakeTriage: Sendable {
    func triage(_ intake: Intake) -> TriageDecision
}

/// Why a message was not taken in.
public enum IntakeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid([FieldError])
    /// The channel key (Idempotency-Key, form nonce) was used for a different request.
    case keyReused
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalid(let errors): "the request has errors: " + errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .keyReused: "this idempotency key was already used for a different request"
        case .unavailable(let why): "the case could not be stored: \(why)"
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
