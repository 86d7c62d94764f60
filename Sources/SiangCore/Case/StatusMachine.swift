import Foundation

/// The rules for moving a case between statuses (DESIGN.md section 4).
///
/// The main line is received -> triaged -> in_progress <-> awaiting_info -> resolved -> closed, with
/// the side exits referred, rejected and duplicate from any open status. A resolved case may be
/// reopened to in_progress by the complainant within ``reopenWindowDays`` days.
public enum StatusMachine {
    public static let reopenWindowDays = 14

    /// Who asks for a transition; reopening is the complainant's right, not staff's.
    public enum Actor: Sendable, Equatable {
        case staff
        case complainant
        case system
    }

    private static let sideExits: Set<Status> = [.referred, .rejected, .duplicate]

    /// Every status reachable in one step from `status`, regardless of who asks.
    public static func successors(of status: Status) -> Set<Status> {
        switch status {
        case .received: sideExits.union([.triaged, .inProgress])
        case .triaged: sideExits.union([.inProgress, .awaitingInfo, .resolved])
        case .inProgress: sideExits.union([.awaitingInfo, .resolved])
        case .awaitingInfo: sideExits.union([.inProgress, .resolved])
        case .resolved: [.closed, .inProgress]
        case .closed, .referred, .rejected, .duplicate: []
        }
    }

    /// Checks one transition and throws a ``TransitionError`` that says why it is refused.
    ///
    /// - Parameters:
    ///   - resolvedAt: when the case was last resolved; needed to judge a reopen.
    ///   - now: the current instant (passed in so tests can pin it).
    public static func check(
        from: Status, to: Status, by actor: Actor, resolvedAt: Date? = nil, now: Date
    ) throws(TransitionError) {
        guard from != to else { throw .unchanged(from) }
        guard successors(of: from).contains(to) else {
            throw .notAllowed(from: from, to: to)
        }
        if from == .resolved && to == .inProgress {
            guard actor == .complainant else { throw .reopenIsForComplainant }
            guard let resolvedAt, now.timeIntervalSince(resolvedAt) <= Double(reopenWindowDays) * 86_400 else {
                throw .reopenWindowPassed(days: reopenWindowDays)
            }
        }
        if from == .resolved && to == .closed && actor == .complainant {
            throw .notAllowed(from: from, to: to)
        }
    }
}

/// Why a status change was refused, in words staff can act on.
public enum TransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    case unchanged(Status)
    case notAllowed(from: Status, to: Status)
    case reopenIsForComplainant
    case reopenWindowPassed(days: Int)

    public var description: String {
        switch self {
        case .unchanged(let s): "the case is already \(s.rawValue)"
        case .notAllowed(let from, let to): "a case cannot move from \(from.rawValue) to \(to.rawValue)"
        case .reopenIsForComplainant: "only the complainant can reopen a resolved case"
        case .reopenWindowPassed(let days): "a resolved case can be reopened only within \(days) days"
        }
    }
}
