import Foundation

/// The category 3 parts of a scoring-core export that other parts of Siang compute: the evidence pack
/// (`GET /api/v1/evidence`), the improvement log with its before/after effects (`GET /api/v1/improvements`)
/// and the readiness check (`GET /api/v1/readiness`), in the JSON shapes those answers have
/// (docs/scoring-core.md).
///
/// They are taken as plain `Encodable` values so the export is written from exactly what the API answers,
/// with no second mapping to drift from it; ``ScoringCoreDocument`` encodes them with sorted keys and
/// checks their outline and that no key names personal data.
public struct ScoringCoreParts: Sendable {
    /// `{"fiscalYear", "asOf", "approaches": [...]}`.
    public var evidence: any Encodable & Sendable
    /// `[{"id", "date", "title", "triggers", "action", "owningUnit", "learningLevel", "recordedAt", "updatedAt", "effects"}]`.
    public var improvements: any Encodable & Sendable
    /// `{"fiscalYear", "asOf", "lines": [...]}`.
    public var readiness: any Encodable & Sendable

    public init(evidence: any Encodable & Sendable, improvements: any Encodable & Sendable, readiness: any Encodable & Sendable) {
        self.evidence = evidence
        self.improvements = improvements
        self.readiness = readiness
    }
}

/// Who the export is about: the agency's names (`agency.nameTh`, `agency.nameEn`) and its code at the
/// scoring core (`scoringCore.agencyCode`; nil when the agency has not set one).
public struct ScoringCoreAgency: Sendable, Equatable {
    public var nameTh: String
    public var nameEn: String
    public var code: String?

    public init(nameTh: String, nameEn: String, code: String?) {
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.code = code.flatMap { $0.isEmpty ? nil : $0 }
    }
}
