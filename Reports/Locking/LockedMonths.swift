import Foundation
import SiangCore

/// The rules of locked months (DESIGN.md 5.7), in one place for every caller (the staff page, the API,
/// `siang report lock|restate`): once locked, a month is answered from its latest stored revision, and
/// when the recomputation differs the answer says what would change; a restatement stores the
/// recomputation as the next revision with its reason and its list of changes. A locked month is never
/// changed silently. Pure: the caller reads and writes the revisions.
public enum LockedMonths {
    /// A month can be locked once it is over: a month still running would be locked with figures that
    /// are certain to change.
    public static func mayLock(_ month: PeriodKey, now: Date) -> Bool {
        if case .month = month { return month.to <= now }
        return false
    }

    /// The document to store as revision `number` (0 when locking): the recomputation, marked locked.
    public static func revision(_ recomputed: ReportDocument, number: Int, reason: String?) -> ReportDocument {
        var document = recomputed
        document.locked = true
        document.revision = number
        document.restatementReason = reason
        document.pendingChanges = []
        return document
    }

    /// What a locked month answers: its latest stored document (as `siang.report.v1` JSON) with the
    /// figures the recomputation would change.
    public static func answer(latest storedJSON: String, recomputed: ReportDocument) throws(ReportError) -> ReportDocument {
        var document = try ReportJSON.decode(storedJSON)
        document.locked = true
        document.pendingChanges = PendingChanges.between(stored: document, recomputed: recomputed)
        return document
    }

    /// The changes a restatement stores beside its document, as JSON (`[]` when none).
    public static func changesJSON(_ changes: [PendingChange]) -> String {
        JSONValue.array(changes.map {
            .object(["metric": .string($0.metric), "breakdown": .string($0.breakdown), "stored": .number($0.stored), "now": .number($0.now)])
        }).serialized(rounding: true)
    }
}
