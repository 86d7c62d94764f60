import Foundation
import Synchronization
import SiangStore

/// What the queue page may reuse between requests for a moment instead of asking the store each
/// time: the list of staff names for the assignee menu (accounts change rarely), and when the SLA
/// index was last found up to date (a new case waits at most ``idleRefreshInterval`` for its entry,
/// listed meanwhile as "being computed").
final class StaffPageCache: Sendable {
    static let usersLifetime: TimeInterval = 30
    static let idleRefreshInterval: TimeInterval = 1

    private struct State {
        var users: [StaffUser] = []
        var usersAt: Date?
        var indexIdleAt: Date?
    }
    private let state = Mutex(State())

    func users(now: Date, load: () async throws -> [StaffUser]) async throws -> [StaffUser] {
        let cached = state.withLock { s -> [StaffUser]? in
            guard let at = s.usersAt, now.timeIntervalSince(at) >= 0, now.timeIntervalSince(at) < Self.usersLifetime else { return nil }
            return s.users
        }
        if let cached { return cached }
        let fresh = try await load()
        state.withLock { $0.users = fresh; $0.usersAt = now }
        return fresh
    }

    /// Whether the SLA index was found up to date less than a moment ago.
    func indexRecentlyIdle(now: Date) -> Bool {
        state.withLock { s in
            guard let at = s.indexIdleAt else { return false }
            let age = now.timeIntervalSince(at)
            return age >= 0 && age < Self.idleRefreshInterval
        }
    }

    func markIndex(idle: Bool, now: Date) {
        state.withLock { $0.indexIdleAt = idle ? now : nil }
    }
}
