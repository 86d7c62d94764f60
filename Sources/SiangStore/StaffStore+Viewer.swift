import Foundation
import SiangCore

/// A staff member as the store's queries see them: their role and the queues the routing
/// configuration gives them (DESIGN.md section 1).
///
/// - `agent`: cases of the queues they are a member of, and cases assigned to them.
/// - `supervisor`: the same for the queues they supervise or belong to; may reassign.
/// - `integrity`: the only role that sees restricted (corruption) cases at all, plus their own queues.
/// - `analyst`: no case, only aggregates without personal data.
/// - `admin`: every case that is not restricted.
///
/// A case is restricted when its category is a restricted one or it sits in the integrity queue.
public struct StaffViewer: Sendable, Equatable {
    public var username: String
    public var role: StaffRole
    public var memberQueues: Set<String>
    public var supervisedQueues: Set<String>
    public var restrictedCategories: Set<String>
    public var integrityQueue: String

    public init(username: String, role: StaffRole, memberQueues: Set<String>, supervisedQueues: Set<String>,
                restrictedCategories: Set<String>, integrityQueue: String) {
        self.username = username
        self.role = role
        self.memberQueues = memberQueues
        self.supervisedQueues = supervisedQueues
        self.restrictedCategories = restrictedCategories
        self.integrityQueue = integrityQueue
    }

    /// The viewer for `user` under the agency's routing and taxonomy.
    public init(user: StaffUser, configuration: SiangConfiguration) {
        let queues = configuration.routing.queues
        self.init(
            username: user.username, role: user.role,
            memberQueues: Set(queues.filter { ($0.members ?? []).contains(user.username) }.map(\.code)),
            supervisedQueues: Set(queues.filter { ($0.supervisors ?? []).contains(user.username) }.map(\.code)),
            restrictedCategories: Set(configuration.taxonomy.categories.filter(\.restricted).map(\.code)),
            integrityQueue: configuration.routing.integrityQueue)
    }

    /// The staff event actor name (`staff:<username>`).
    public var actor: String { CaseEvent.staff(username) }

    /// Queues the viewer works or supervises.
    public var ownQueues: Set<String> { memberQueues.union(supervisedQueues) }

    /// Whether the role sees individual cases at all (the analyst sees aggregates only).
    public var seesCases: Bool { role != .analyst }

    /// Whether the role sees restricted (corruption) cases.
    public var seesRestricted: Bool { role == .integrity }

    /// Whether the role may give a case to someone else.
    public var mayReassign: Bool { [.supervisor, .admin, .integrity].contains(role) }

    /// Whether the role may hand a case to the integrity queue (directly, or by reclassifying it as a
    /// restricted category). Once there, only the integrity role sees it, so the agent's own
    /// supervisor decides: an agent's move would take it out of every supervisor's sight (issue 11).
    public var mayReferToIntegrity: Bool { [.supervisor, .integrity, .admin].contains(role) }

    /// Whether a case with this category and queue is restricted.
    public func isRestricted(category: String?, queue: String?) -> Bool {
        (category.map(restrictedCategories.contains) ?? false) || queue == integrityQueue
    }

    /// Whether the viewer may see a case with this state (the same rule as the store's queries).
    public func maySee(category: String?, queue: String?, assignee: String?) -> Bool {
        let restricted = isRestricted(category: category, queue: queue)
        let own = queue.map(ownQueues.contains) ?? false
        let mine = assignee == username
        switch role {
        case .analyst: return false
        case .integrity: return restricted || own || mine
        case .admin: return !restricted
        case .agent, .supervisor: return !restricted && (own || mine)
        }
    }
}

extension StaffRole {
    /// The roles that take cases in on someone's behalf (a call, a letter, a walk-in) and so may set
    /// a case's receipt time, channel and outside reference: agents, supervisors and admins.
    public var takesCasesIn: Bool { [.agent, .supervisor, .admin].contains(self) }
}
