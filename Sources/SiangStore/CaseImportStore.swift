import Foundation
import SiangCore

/// What the history import (`siang import cases`, DESIGN.md 5.8) needs from persistence: cases that
/// arrive with their whole past, found again by the earlier system's reference. Every ``CaseStore``
/// is one.
///
/// A case, its events, its reference and its survey invitation and answer are written together or
/// not at all, so an import cut short and run again neither loses a survey nor doubles a case.
public protocol CaseImportStore: Sendable {
    /// The cases imported before under any of `refs`.
    func importedCases(refs: [String]) async throws(StoreError) -> [String: ImportedRef]

    /// Stores many imported cases in one transaction, each as ``CaseStore/create(_:)`` stores a new
    /// case (its events, contact, no channel key), with its reference, its SLA index entry and, when
    /// it has one, its survey invitation and answer. A reference stored before leaves that case alone
    /// (``ImportedCaseOutcome/existing(_:)``). A colliding tracking ID fails the whole batch with
    /// ``StoreError/trackingIDTaken``.
    func importCases(_ cases: [ImportedCase]) async throws(StoreError) -> [ImportedCaseOutcome]
}

/// A case imported before: where it is, and a digest of the line it came from (to tell a repeat
/// from a changed line under the same reference).
public struct ImportedRef: Sendable, Equatable {
    public var trackingID: TrackingID
    public var fingerprint: String
    public init(trackingID: TrackingID, fingerprint: String) {
        self.trackingID = trackingID
        self.fingerprint = fingerprint
    }
}

/// One case of an import, ready to be written.
public struct ImportedCase: Sendable {
    public var newCase: NewCase
    public var ref: String
    public var fingerprint: String
    /// The invitation live work would have issued at the resolution, already answered.
    public var invitation: SurveyInvitation?
    public var answer: NewSurveyAnswer?
    /// The SLA urgency index of the case's events, written with it so the queue pages need not catch up.
    public var sla: SLAIndexEntry?

    public init(newCase: NewCase, ref: String, fingerprint: String, invitation: SurveyInvitation? = nil, answer: NewSurveyAnswer? = nil,
                sla: SLAIndexEntry? = nil) {
        self.newCase = newCase
        self.ref = ref
        self.fingerprint = fingerprint
        self.invitation = invitation
        self.answer = answer
        self.sla = sla
    }
}

public enum ImportedCaseOutcome: Sendable, Equatable {
    case created(TrackingID)
    /// The reference was imported before: that case, untouched.
    case existing(ImportedRef)
}
