import Foundation

/// Reads and checks one line of a case-history file (DESIGN.md 5.8) into a ``HistoricalCase``, or
/// says in one sentence why the line cannot be imported.
///
/// Everything is checked here, before anything is written, so `--strict` can promise all or
/// nothing: the JSON shape, the closed sets (kind, channel, segment, priority, status), the
/// agency's open sets (categories, queues, survey questions, reason codes), the intake limits, the
/// history by the status machine and by time, and the survey by the rules live answers obey.
///
/// Pure: `now` is passed in (nothing may be dated after it), and so is the earliest believable
/// receipt date, `receivedFloor` (a date before it is a typo or an epoch default, not a case).
public struct HistoricalCaseReader: Sendable {
    public let configuration: SiangConfiguration
    public let now: Date
    public let receivedFloor: Date
    let validator: IntakeValidator
    /// At most this many history entries a case; live cases have a handful.
    public static let maxHistoryEntries = 200
    /// 2000-01-01 00:00 in Bangkok: no agency's complaint records in Siang's format go further back.
    public static let defaultReceivedFloor = Date(timeIntervalSince1970: 946_659_600)

    public init(configuration: SiangConfiguration, now: Date, receivedFloor: Date = Self.defaultReceivedFloor) {
        self.configuration = configuration
        self.now = now
        self.receivedFloor = receivedFloor
        self.validator = IntakeValidator(limits: configuration.limits, taxonomy: configuration.taxonomy)
    }

    /// Why a line was refused.
    struct Refusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Reads line `number` (its bytes without the line break).
    public func read(_ bytes: some Collection<UInt8>, line number: Int, decoder: JSONDecoder = JSONDecoder()) -> Result<HistoricalCase, RowProblem> {
        let wire: HistoricalCaseLine
        do {
            wire = try decoder.decode(HistoricalCaseLine.self, from: Data(bytes))
        } catch let e as DecodingError {
            return .failure(RowProblem(line: number, reason: e.lineReason))
        } catch {
            return .failure(RowProblem(line: number, reason: "the line is not valid JSON"))
        }
        do {
            return .success(try check(wire, line: number))
        } catch {
            return .failure(RowProblem(line: number, reason: error.reason))
        }
    }

    func check(_ w: HistoricalCaseLine, line: Int) throws(Refusal) -> HistoricalCase {
        guard let ref = w.ref?.trimmingWhitespace, !ref.isEmpty else { throw Refusal("ref is required") }
        guard ref.count <= configuration.limits.maxExternalRefLength else {
            throw Refusal("ref is longer than \(configuration.limits.maxExternalRefLength) characters")
        }
        guard let rawKind = w.kind else { throw Refusal("kind is required") }
        let kind: Kind = try closed(rawKind, field: "kind")
        let subject = w.subject?.trimmingWhitespace.nilIfEmpty
        guard let text = w.text?.trimmingWhitespace.nilIfEmpty ?? subject else { throw Refusal("text (or subject) is required") }
        guard let rawReceived = w.receivedAt else { throw Refusal("receivedAt is required") }
        let receivedAt = try instant(rawReceived, field: "receivedAt")
        guard receivedAt >= receivedFloor else {
            throw Refusal("receivedAt \(rawReceived) is before \(BangkokTime.iso8601(receivedFloor)); check the date")
        }
        let channel: Channel = try w.channel.map { (c) throws(Refusal) in try closed(c, field: "channel") } ?? .other
        let segment: Segment? = try w.segment.map { (s) throws(Refusal) in try closed(s, field: "segment") }
        let priority: Priority? = try w.priority.map { (p) throws(Refusal) in try closed(p, field: "priority") }
        if let category = w.category, !configuration.taxonomy.contains(category) {
            throw Refusal("category \"\(category)\" is not in the taxonomy")
        }
        if let queue = w.queue, configuration.routing.queue(queue) == nil {
            throw Refusal("queue \"\(queue)\" is not a queue of the routing settings")
        }
        let contact = Contact(name: w.contact?.name?.trimmingWhitespace.nilIfEmpty, phone: w.contact?.phone?.trimmingWhitespace.nilIfEmpty,
                              email: w.contact?.email?.trimmingWhitespace.nilIfEmpty)
        let intake = Intake(kind: kind, subject: subject, text: text, channel: channel, receivedAt: receivedAt,
                            contact: contact.isEmpty ? nil : contact, consent: w.consent ?? false, category: w.category,
                            segment: segment, externalRef: ref)
        if let problem = validator.problems(in: intake).first {
            throw Refusal("\(problem.field): \(problem.message)")
        }
        var imported = HistoricalCase(line: line, ref: ref, intake: intake, priority: priority, queue: w.queue,
                                      referredTo: w.referredTo?.trimmingWhitespace.nilIfEmpty,
                                      duplicateOf: w.duplicateOf?.trimmingWhitespace.nilIfEmpty)
        imported.history = try history(w.history ?? [], of: imported)
        if let survey = w.survey { imported.survey = try self.survey(survey, of: imported) }
        return imported
    }

    /// The entries, each a legal move from the one before, none earlier than the one before (nor
    /// than the receipt) and none in the future; each side exit with what it needs.
    func history(_ entries: [HistoricalCaseLine.EntryLine], of c: HistoricalCase) throws(Refusal) -> [HistoryEntry] {
        guard entries.count <= Self.maxHistoryEntries else { throw Refusal("history has more than \(Self.maxHistoryEntries) entries") }
        var out: [HistoryEntry] = []
        var status = Status.received
        var last = c.intake.receivedAt
        var resolvedAt: Date?
        for (i, e) in entries.enumerated() {
            let field = "history[\(i)]"
            guard let rawStatus = e.status else { throw Refusal("\(field).status is required") }
            let to: Status = try closed(rawStatus, field: "\(field).status")
            guard let rawAt = e.at else { throw Refusal("\(field).at is required") }
            let at = try instant(rawAt, field: "\(field).at")
            guard at >= last else {
                throw Refusal(i == 0 ? "\(field).at \(rawAt) is before receivedAt" : "\(field).at \(rawAt) is before the entry before it (times must not go backwards)")
            }
            let note = e.note?.trimmingWhitespace.nilIfEmpty
            if let note, note.count > configuration.limits.maxTextLength {
                throw Refusal("\(field).note is longer than \(configuration.limits.maxTextLength) characters")
            }
            // Reopening a resolved case is the complainant's move (within the window), not staff's.
            let actor: StatusMachine.Actor = status == .resolved && to == .inProgress ? .complainant : .staff
            do {
                try StatusMachine.check(from: status, to: to, by: actor, resolvedAt: resolvedAt, now: at)
            } catch {
                throw Refusal("\(field): \(error.description)")
            }
            switch to {
            case .rejected where note == nil: throw Refusal("\(field): a rejected entry needs its reason in note")
            case .referred where c.referredTo == nil: throw Refusal("\(field): a referred entry needs the case's referredTo")
            case .duplicate where c.duplicateOf == nil: throw Refusal("\(field): a duplicate entry needs the case's duplicateOf")
            case .duplicate where c.duplicateOf == c.ref: throw Refusal("duplicateOf names the case itself")
            default: break
            }
            if to == .resolved { resolvedAt = at }
            out.append(HistoryEntry(status: to, at: at, note: note))
            status = to
            last = at
        }
        if c.referredTo != nil, !out.contains(where: { $0.status == .referred }) {
            throw Refusal("referredTo goes with a referred entry in history")
        }
        if c.duplicateOf != nil, !out.contains(where: { $0.status == .duplicate }) {
            throw Refusal("duplicateOf goes with a duplicate entry in history")
        }
        return out
    }

    /// The answer, checked like a live one, and the resolution it answers.
    func survey(_ s: HistoricalCaseLine.SurveyLine, of c: HistoricalCase) throws(Refusal) -> HistoricalSurvey {
        let settings = configuration.surveys
        guard let definition = settings.current(settings.caseSurvey) else {
            throw Refusal("the case survey \"\(settings.caseSurvey)\" is not in surveys.definitions")
        }
        guard let rawAt = s.answeredAt else { throw Refusal("survey.answeredAt is required") }
        let answeredAt = try instant(rawAt, field: "survey.answeredAt")
        if c.history.contains(where: { $0.status == .rejected || $0.status == .duplicate }) {
            throw Refusal("survey: rejected and merged cases are never surveyed")
        }
        guard let invitedAt = c.history.last(where: { $0.status == .resolved && $0.at <= answeredAt })?.at else {
            throw Refusal("survey.answeredAt must follow a resolved entry in history")
        }
        guard answeredAt < invitedAt.addingTimeInterval(settings.invitationLifetime) else {
            throw Refusal("survey.answeredAt is more than \(settings.invitationExpiryDays) days after the resolution (the invitation would have expired)")
        }
        var response = SurveyResponse(ratings: s.ratings, choices: s.choices, reasons: [], reasonText: s.reasonText?.trimmingWhitespace.nilIfEmpty,
                                      comment: s.comment?.trimmingWhitespace.nilIfEmpty)
        for (id, _) in s.choices.sorted(by: { $0.key < $1.key }) where definition.question(id)?.type == .rating {
            throw Refusal("survey.\(id): expected a whole number from 1 to 5")
        }
        for (id, _) in s.ratings.sorted(by: { $0.key < $1.key }) where definition.question(id).map({ $0.type != .rating }) ?? false {
            throw Refusal("survey.\(id): expected one of the question's options")
        }
        for code in s.reasons ?? [] where !code.isEmpty && !response.reasons.contains(code) { response.reasons.append(code) }
        if let problem = SurveyRules.problems(in: response, definition: definition, reasonCodes: settings.reasonCodes).first {
            throw Refusal("survey.\(problem.field): \(problem.message)")
        }
        if !response.reasons.isEmpty, !SurveyRules.asksForReasons(response, definition: definition) {
            throw Refusal("survey.reasons: reasons are asked only when overall or a dimension is 1 or 2")
        }
        return HistoricalSurvey(answeredAt: answeredAt, response: response, invitedAt: invitedAt)
    }

    func instant(_ raw: String, field: String) throws(Refusal) -> Date {
        guard let date = ISO8601Instant.parse(raw) else {
            throw Refusal("\(field) \"\(raw.prefix(40))\" is not an ISO 8601 time with an offset (2023-11-02T09:15:00+07:00)")
        }
        guard date <= now else { throw Refusal("\(field) \(raw) is in the future") }
        return date
    }

    func closed<T: RawRepresentable & CaseIterable>(_ raw: String, field: String) throws(Refusal) -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw Refusal("\(field) \"\(raw.prefix(40))\" is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

extension String {
    /// Nil for the empty string, so an optional field left blank counts as absent.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
