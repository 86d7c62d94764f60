import Foundation
import SiangCore
import SiangStore

/// What the store knew, when a pass of the inbox began, about the pass's events and users: which
/// events were handled before (their keys are on a case) and each user's open LINE cases that their
/// messages may join. Two queries for the whole pass (``CaseStore/cases(channel:keys:)``,
/// ``CaseStore/recentLINECases(userIDs:since:until:)``) instead of two or three for every event.
///
/// It stays right through the pass because nothing of the pass is stored before its end, and what
/// the pass plans (a case opened, a key handled, a status changed) is kept by each conversation's
/// ``LINEConversationMemory``, which is asked first.
struct LINEPassView: Sendable {
    private var keyed: [String: KeyedCase] = [:]
    private var recent: [String: [RecentLINECase]] = [:]
    private var statuses: [TrackingID: Status] = [:]

    init(keyed: [String: KeyedCase] = [:], recent: [String: [RecentLINECase]] = [:]) {
        self.keyed = keyed
        self.recent = recent
        for cases in recent.values { for c in cases { statuses[c.trackingID] = c.status } }
    }

    /// Reads what `contexts` (a pass's events) need: every event key, and every user's cases that any
    /// of their messages in the pass could join (within `joinWindow` before the earliest of them).
    static func read(for contexts: [LINEEventHandler.Context], joinWindow: TimeInterval, store: any CaseStore) async throws(StoreError) -> LINEPassView {
        let keys = contexts.compactMap(\.key)
        let users = contexts.compactMap(\.userID)
        guard let earliest = contexts.map(\.sentAt).min(), let latest = contexts.map(\.sentAt).max() else { return LINEPassView() }
        return LINEPassView(keyed: try await store.cases(channel: .line, keys: keys),
                            recent: users.isEmpty ? [:] : try await store.recentLINECases(userIDs: users, since: earliest.addingTimeInterval(-joinWindow),
                                                                                        until: latest))
    }

    /// The stored case the event with `key` went to.
    func handled(_ key: String) -> KeyedCase? { keyed[key] }

    /// The newest stored open LINE case of `user` received in `[since, until]`, as
    /// ``CaseStore/recentLINECase(userID:since:until:)`` would find it.
    func recentCase(of user: String, since: Date, until: Date) -> RecentLINECase? {
        recent[user]?.first { $0.receivedAt >= since && $0.receivedAt <= until }
    }

    /// The stored status of a case the view holds.
    func status(of id: TrackingID) -> Status? { statuses[id] }
}
