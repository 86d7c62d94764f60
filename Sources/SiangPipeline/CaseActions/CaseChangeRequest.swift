import Foundation
import SiangCore

/// One staff change to a case, as the JSON API's `PATCH` body says it (DESIGN.md 5.3) and as each
/// form of the case page builds it: any mix of reclassification, routing, priority, assignment, an
/// internal note, and either a status move (with its public note) or a public reply.
///
/// Fields left nil are left as they are. The named constructors are the actions of the case page.
public struct CaseChangeRequest: Sendable, Equatable {
    /// How the assignee changes.
    public enum Assignment: Sendable, Equatable {
        case assign(String)
        case unassign
    }

    public var status: Status?
    public var category: String?
    public var priority: Priority?
    public var queue: String?
    public var assignee: Assignment?
    /// Shown to the complainant: with a status, the status's note on the timeline; alone, a public reply.
    public var publicNote: String?
    /// Seen by staff only.
    public var internalNote: String?
    /// Why a case is rejected (status `rejected`).
    public var reason: String?
    /// The other agency and its reference (status `referred`).
    public var referredTo: String?
    /// The surviving case (status `duplicate`).
    public var duplicateOf: TrackingID?
    /// The staff member has seen the personal-data warning on the texts to be published and
    /// publishes them anyway.
    public var confirmPersonalData = false

    public init(status: Status? = nil, category: String? = nil, priority: Priority? = nil, queue: String? = nil,
                assignee: Assignment? = nil, publicNote: String? = nil, internalNote: String? = nil, reason: String? = nil,
                referredTo: String? = nil, duplicateOf: TrackingID? = nil) {
        self.status = status
        self.category = category
        self.priority = priority
        self.queue = queue
        self.assignee = assignee
        self.publicNote = publicNote
        self.internalNote = internalNote
        self.reason = reason
        self.referredTo = referredTo
        self.duplicateOf = duplicateOf
    }

    /// Nothing asked for.
    public var isEmpty: Bool {
        var bare = self
        bare.confirmPersonalData = false
        return bare == CaseChangeRequest()
    }

    public static func assign(to username: String?) -> CaseChangeRequest {
        CaseChangeRequest(assignee: username.map { .assign($0) } ?? .unassign)
    }
    public static func reclassify(_ category: String) -> CaseChangeRequest { CaseChangeRequest(category: category) }
    public static func changePriority(_ priority: Priority) -> CaseChangeRequest { CaseChangeRequest(priority: priority) }
    public static func moveQueue(_ queue: String) -> CaseChangeRequest { CaseChangeRequest(queue: queue) }
    /// Hands the case to the integrity queue (supervisors, integrity officers and admins only), with
    /// the reason as an internal note.
    public static func referToIntegrity(queue: String, reason: String?) -> CaseChangeRequest {
        CaseChangeRequest(queue: queue, internalNote: reason)
    }
    public static func move(to status: Status, publicNote: String? = nil) -> CaseChangeRequest {
        CaseChangeRequest(status: status, publicNote: publicNote)
    }
    public static func reply(_ text: String) -> CaseChangeRequest { CaseChangeRequest(publicNote: text) }
    public static func note(_ text: String) -> CaseChangeRequest { CaseChangeRequest(internalNote: text) }
    public static func askForInformation(_ question: String) -> CaseChangeRequest {
        CaseChangeRequest(status: .awaitingInfo, publicNote: question)
    }
    public static func resolve(_ resolutionNote: String) -> CaseChangeRequest {
        CaseChangeRequest(status: .resolved, publicNote: resolutionNote)
    }
    public static func refer(to agencyAndReference: String, publicNote: String? = nil) -> CaseChangeRequest {
        CaseChangeRequest(status: .referred, publicNote: publicNote, referredTo: agencyAndReference)
    }
    public static func reject(reason: String, publicNote: String? = nil) -> CaseChangeRequest {
        CaseChangeRequest(status: .rejected, publicNote: publicNote, reason: reason)
    }
    public static func mergeDuplicate(of survivor: TrackingID, publicNote: String? = nil) -> CaseChangeRequest {
        CaseChangeRequest(status: .duplicate, publicNote: publicNote, duplicateOf: survivor)
    }
}
