import Foundation
import SiangCore
import SiangStore

/// What an import has seen so far, line by line: which refs are taken (in the file or by an earlier
/// import), and where each ref's case is, so a repeated line is a duplicate, a changed line under a
/// taken ref is refused, and a `duplicateOf` finds a case imported before it.
struct ImportPlan {
    /// A line to be written.
    struct Admitted: Sendable {
        var historical: HistoricalCase
        var fingerprint: String
    }

    /// Every ref met in the file: the line it was first on and that line's digest.
    var seen: [String: (line: Int, fingerprint: String)] = [:]
    /// Refs whose cases have tracking IDs: stored before, or written by this import.
    var trackingIDs: [String: TrackingID] = [:]
    /// Refs admitted for writing by this import.
    var admitted = Set<String>()

    /// Sorts a batch of read lines into duplicates, rejections (into `summary`) and the lines to write.
    /// `stored` holds what an earlier import left under the batch's refs and `duplicateOf` refs.
    mutating func admit(_ batch: [HistoricalCase], fingerprints: [String], stored: [String: ImportedRef],
                        summary: inout CaseHistoryImporter.Summary) -> [Admitted] {
        var out: [Admitted] = []
        for (c, fingerprint) in zip(batch, fingerprints) {
            if let earlier = seen[c.ref] {
                if earlier.fingerprint == fingerprint {
                    summary.duplicates += 1
                } else {
                    summary.rejected.append(RowProblem(line: c.line, reason: "ref \(c.ref) is also on line \(earlier.line), with other content"))
                }
                continue
            }
            if let before = stored[c.ref] {
                seen[c.ref] = (c.line, fingerprint)
                trackingIDs[c.ref] = before.trackingID
                if before.fingerprint == fingerprint {
                    summary.duplicates += 1
                } else {
                    summary.rejected.append(RowProblem(line: c.line, reason:
                        "ref \(c.ref) was imported before (\(before.trackingID)) from a different line; an imported case is not changed by importing again"))
                }
                continue
            }
            if let survivor = c.duplicateOf {
                if let before = stored[survivor] { trackingIDs[survivor] = before.trackingID }
                guard admitted.contains(survivor) || trackingIDs[survivor] != nil else {
                    summary.rejected.append(RowProblem(line: c.line, reason: "duplicateOf \(survivor) is not a case imported before this line"))
                    continue
                }
            }
            seen[c.ref] = (c.line, fingerprint)
            admitted.insert(c.ref)
            out.append(Admitted(historical: c, fingerprint: fingerprint))
        }
        return out
    }
}
