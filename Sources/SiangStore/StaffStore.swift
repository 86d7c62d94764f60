import Foundation
import SiangCore

/// What the staff workspace needs from persistence beyond ``CaseStore``'s basics: sessions, queue
/// queries with role filtering, full-text search, token revocation. Every ``CaseStore`` is one.
public protocol StaffStore: Sendable {}
