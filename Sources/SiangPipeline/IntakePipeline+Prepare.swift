import Foundation
import SiangCore
import SiangStore

/// The steps of taking a message in, for a caller that stores many messages' changes together (the
/// LINE inbox writes a whole pass in one transaction, ``InboxBatchStore``): a case made ready to
/// store, and the events a follow-up adds, with nothing stored. ``IntakePipeline/submit(_:actor:)``
/// and ``IntakePipeline/addMessage(to:text:attachments:channel:channelMessageKey:at:)`` are these
/// steps followed by their own write.
extension IntakePipeline {
    /// An intake checked and triaged, ready to become a case under any tracking ID.
    struct TriagedIntake: Sendable {
        var intake: Intake
        var decision: TriageDecision
        var fingerprint: String
        var lookalike: PossibleDuplicate?
    }

    /// A new case ready to store: checked (``IntakeError/invalid(_:)`` with every field problem),
    /// classified, routed, compared with recent cases, under a freshly drawn tracking ID. Nothing is
    /// stored; a store that finds the ID taken (``StoreError/trackingIDTaken``) needs another one.
    public func prepare(_ intake: Intake, actor: String = CaseEvent.citizen) async throws(IntakeError) -> NewCase {
        try newCase(try await triaged(intake), actor: actor)
    }

    /// A new case as ``prepare(_:actor:)`` makes it, but not yet compared with recent cases: for a
    /// caller that checks a batch's new cases together, in their order (``duplicateBatch(for:)``).
    public func prepareUnchecked(_ intake: Intake, actor: String = CaseEvent.citizen) async throws(IntakeError) -> NewCase {
        try newCase(try await triaged(intake, checkingDuplicates: false), actor: actor)
    }

    /// The duplicate check for new cases made by ``prepareUnchecked(_:actor:)``, with what they are
    /// compared with read once (``DuplicateBatch``); nil when this pipeline flags no duplicates.
    public func duplicateBatch(for cases: [NewCase]) async -> DuplicateBatch? {
        guard let duplicates else { return nil }
        return await DuplicateBatch.read(for: cases, finder: duplicates)
    }

    /// The events a complainant's follow-up adds to a case in `status`: the text (if any, cut to the
    /// longest text taken), and the case's return from `awaiting_info` to `in_progress`, which
    /// resumes its SLA clock. Empty when it adds no event (an attachment alone may still be added).
    public func followUpEvents(text: String?, status: Status, at: Date) -> [CaseEvent] {
        var events: [CaseEvent] = []
        if let text = text?.trimmingWhitespace, !text.isEmpty {
            events.append(CaseEvent(at: at, actor: CaseEvent.citizen, change: .citizenMessage(String(text.prefix(configuration.limits.maxTextLength)))))
        }
        if status == .awaitingInfo {
            events.append(CaseEvent(at: at, actor: CaseEvent.system, change: .statusChanged(StatusChange(from: .awaitingInfo, to: .inProgress))))
        }
        return events
    }

    func triaged(_ intake: Intake, checkingDuplicates: Bool = true) async throws(IntakeError) -> TriagedIntake {
        let intake = Self.tidied(intake)
        let problems = validator.problems(in: intake)
        guard problems.isEmpty else { throw .invalid(problems) }
        let decision = triage?.triage(intake) ?? TriageDecision(kind: intake.kind ?? .complaint, category: intake.category,
                                                                 classifierConfidence: nil, priority: .normal, queue: nil, sla: nil)
        var lookalike: PossibleDuplicate?
        if checkingDuplicates, let duplicates, let category = decision.category {
            lookalike = await duplicates.mostSimilar(text: intake.text, category: category, receivedAt: intake.receivedAt)
        }
        return TriagedIntake(intake: intake, decision: decision, fingerprint: Self.fingerprint(of: intake), lookalike: lookalike)
    }

    /// The case under a freshly drawn tracking ID.
    func newCase(_ t: TriagedIntake, actor: String) throws(IntakeError) -> NewCase {
        let id: TrackingID
        do { id = try ids.next(prefix: configuration.trackingPrefix, beYear: BangkokTime.beYear(of: t.intake.receivedAt)) } catch {
            throw .unavailable("cannot make a tracking ID: \(error)")
        }
        var newCase = makeCase(id: id, intake: t.intake, decision: t.decision, actor: actor, fingerprint: t.fingerprint)
        if let lookalike = t.lookalike { DuplicateFinder.flag(&newCase, as: lookalike) }
        return newCase
    }
}
