import Foundation
import SiangCore
import SiangReports

/// The category 3 parts of a scoring-core export (evidence pack, improvement log, readiness check) for a
/// fiscal year as of an instant, as `GET /api/v1/evidence`, `/api/v1/improvements` and
/// `/api/v1/readiness` answer them.
///
/// Merge seam (issue 13): the evidence pack, the improvement log's store and the readiness check are built
/// on their own branches; until they are wired in here, this build writes each part empty in its agreed
/// outline (no approaches, no improvements, no readiness lines), which the schema accepts and which says
/// truthfully that this build has none of them.
struct ExportParts {
    func parts(fiscalYear: Int, asOf: Date) async throws -> ScoringCoreParts {
        let asOfText = BangkokTime.iso8601(asOf)
        return ScoringCoreParts(evidence: EmptyEvidence(fiscalYear: fiscalYear, asOf: asOfText),
                                improvements: [EmptyEntry](),
                                readiness: EmptyReadiness(fiscalYear: fiscalYear, asOf: asOfText))
    }

    struct EmptyEvidence: Encodable, Sendable {
        var fiscalYear: Int
        var asOf: String
        var approaches: [EmptyEntry] = []
    }

    struct EmptyReadiness: Encodable, Sendable {
        var fiscalYear: Int
        var asOf: String
        var lines: [EmptyEntry] = []
    }

    /// The element of a list this build leaves empty.
    struct EmptyEntry: Encodable, Sendable {}
}
