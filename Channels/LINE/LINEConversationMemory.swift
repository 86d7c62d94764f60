import Foundation
import SiangCore

/// What one pass of the inbox has planned so far for one conversation (one LINE user, or one chat),
/// which its later events need before the pass is stored: the cases its texts open, the event keys it
/// has handled, and the status its follow-ups leave a case in.
///
/// A pass writes everything at its end (``LINEInboxProcessor``), so the store cannot answer these
/// yet; the conversation's events run in order in one task, which owns its memory. What was stored
/// before the pass is in ``stored``, read once for the whole pass.
struct LINEConversationMemory: Sendable {
    /// What the store knew when the pass began; what is planned here comes first.
    let stored: LINEPassView
    private var openedCases: [(id: TrackingID, at: Date)] = []
    private var handledKeys: [String: (id: TrackingID, opened: Bool)] = [:]
    private var statuses: [TrackingID: Status] = [:]

    init(stored: LINEPassView) { self.stored = stored }

    /// A case this pass opens at `at` for the event with `key`.
    mutating func opened(_ id: TrackingID, at: Date, key: String?) {
        openedCases.append((id, at))
        if let key { handledKeys[key] = (id, true) }
        statuses[id] = .received
    }

    /// A follow-up to `id` for the event with `key`, after which the case is in `status`.
    mutating func joined(_ id: TrackingID, key: String?, status: Status) {
        if let key { handledKeys[key] = (id, false) }
        statuses[id] = status
    }

    /// The case the event with `key` went to in this pass, and whether it opened it.
    func handled(_ key: String) -> (id: TrackingID, opened: Bool)? { handledKeys[key] }

    /// The newest case this pass opens with its receipt time in `[since, until]`.
    func newestOpened(since: Date, until: Date) -> TrackingID? {
        openedCases.last { $0.at >= since && $0.at <= until }?.id
    }

    /// The status a case is left in by what this pass planned, if the pass touched it.
    func status(of id: TrackingID) -> Status? { statuses[id] }
}
