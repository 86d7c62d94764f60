import Foundation
import SiangCore
import SiangStore

/// PDPA retention (`retention.contactDays`, docs/pdpa.md): erases the contact, attachment files and
/// delivered messages of cases closed longer ago, one case per transaction with its audit entry
/// (actor `system:retention`, action `pdpa.retention.erase`), in batches. Idempotent and resumable: an
/// erased case no longer matches, so a sweep stopped half-way is finished by the next one. The case,
/// its events and every figure stay. Raw webhook and email bodies processed before the same cutoff are
/// removed too (audited once a sweep, action `pdpa.retention.inbox`).
public struct RetentionSweep: Sendable {
    public static let actor = "system:retention"
    public static let action = "pdpa.retention.erase"
    /// The audit action of removing processed webhook and email bodies (one entry a sweep that removes any).
    public static let inboxAction = "pdpa.retention.inbox"

    let store: any PersonalDataStore
    let attachments: AttachmentStore
    let contactDays: Int
    let clock: any SiangClock
    let batchSize: Int

    public init(store: any PersonalDataStore, attachments: AttachmentStore, contactDays: Int, clock: any SiangClock = SystemClock(),
                batchSize: Int = 200) {
        (self.store, self.attachments, self.contactDays, self.clock, self.batchSize) = (store, attachments, contactDays, clock, batchSize)
    }

    /// What a sweep did (or, on a dry run, would do): counts only, nothing personal.
    public struct Outcome: Sendable, Equatable {
        public var cases = 0
        public var contacts = 0
        public var attachments = 0
        public var messages = 0
        public var filesDeleted = 0
        /// Raw webhook and email bodies processed before the cutoff, removed (or, on a dry run, to remove).
        public var inboxItems = 0
        public init() {}
    }

    /// Cases closed (not open) with no change before this instant are past retention.
    public var cutoff: Date { clock.now().addingTimeInterval(-Double(contactDays) * 86_400) }

    /// One sweep; `dryRun` counts the cases it would erase and writes nothing.
    public func run(dryRun: Bool = false) async throws -> Outcome {
        let cutoff = self.cutoff
        var outcome = Outcome()
        outcome.inboxItems = try await store.processedInbox(
            before: cutoff, eraseWith: dryRun ? nil : AuditEntry(at: clock.now(), actor: Self.actor, action: Self.inboxAction, trackingID: nil))
        var after: String?
        while true {
            let batch = try await store.casesPastRetention(closedBefore: cutoff, after: after, limit: batchSize)
            guard let last = batch.last else { return outcome }
            after = last.description
            outcome.cases += batch.count
            if dryRun { continue }
            for id in batch {
                let erased = try await store.erasePersonalData(
                    of: id, scope: .retention, audit: AuditEntry(at: clock.now(), actor: Self.actor, action: Self.action, trackingID: id))
                outcome.contacts += erased.contactErased ? 1 : 0
                outcome.attachments += erased.attachmentsErased
                outcome.messages += erased.messagesErased
                outcome.filesDeleted += try attachments.remove(erased.unreferencedFiles)
            }
        }
    }

    /// The daily task of `siang serve`: a sweep now and every day after, said in the log in counts.
    public func runDaily(say: @Sendable (String) -> Void) async {
        while !Task.isCancelled {
            do {
                let outcome = try await run()
                if outcome.cases > 0 {
                    say("siang: retention erased the personal data of \(outcome.cases) closed cases (\(outcome.attachments) attachments, \(outcome.filesDeleted) files)")
                }
            } catch {
                say("siang: the retention sweep stopped: \(error)")
            }
            try? await Task.sleep(for: .seconds(86_400))
        }
    }
}
