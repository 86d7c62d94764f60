import Foundation
import SiangCore
import SiangStore

/// The duplicate check of ``DuplicateFinder`` for the new cases of a batch (one pass of the LINE
/// inbox), taken in the order they are flagged, with the result of checking each one after the ones
/// before it were stored: each category's recent open cases are read once for the whole batch, every
/// text's trigrams are made once, and a case flagged here is a candidate for the later ones.
///
/// Per case, ``DuplicateFinder/mostSimilar(text:category:receivedAt:)`` reads the newest
/// ``DuplicateFinder/candidateLimit`` open cases of the category received in its window. The batch
/// reads them once for the earliest window of its cases; a later window's newest are a prefix of
/// those (newest first), to which the batch's own cases of the window are added in receipt order.
public struct DuplicateBatch: Sendable {
    struct Candidate: Sendable {
        var id: TrackingID
        var receivedAt: Date
        var grams: [Int]
    }

    let finder: DuplicateFinder
    /// Each category's stored candidates, newest first, for the earliest window of the batch.
    var stored: [String: [Candidate]] = [:]
    /// Categories whose candidates could not be read: their cases are not flagged, as a check that
    /// cannot read flags nothing.
    var unreadable: Set<String> = []
    /// Each category's cases flagged (or not) so far in this batch, in that order.
    var added: [String: [Candidate]] = [:]

    /// Reads the candidates `cases` are compared with: one read per category.
    static func read(for cases: [NewCase], finder: DuplicateFinder) async -> DuplicateBatch {
        var batch = DuplicateBatch(finder: finder)
        var earliest: [String: Date] = [:]
        for c in cases {
            guard let category = c.receipt.category else { continue }
            earliest[category] = min(earliest[category] ?? .distantFuture, c.intake.receivedAt)
        }
        for (category, receivedAt) in earliest {
            do {
                batch.stored[category] = try await finder.store.recentOpenCases(category: category, since: finder.windowStart(receivedAt),
                                                                                limit: DuplicateFinder.candidateLimit)
                    .map { Candidate(id: $0.id, receivedAt: $0.receivedAt, grams: finder.trigramCache.trigrams(of: $0.id, text: $0.text)) }
            } catch {
                batch.unreadable.insert(category)
            }
        }
        return batch
    }

    /// Flags `newCase` as ``DuplicateFinder`` would if every case before it in this batch were
    /// stored, and makes it a candidate for the cases after it.
    public mutating func flag(_ newCase: inout NewCase) {
        guard let category = newCase.receipt.category else { return }
        let receivedAt = newCase.intake.receivedAt
        let grams = DuplicateFinder.trigrams(newCase.intake.text)
        defer { added[category, default: []].append(Candidate(id: newCase.trackingID, receivedAt: receivedAt, grams: grams)) }
        guard !unreadable.contains(category) else { return }
        let since = finder.windowStart(receivedAt)
        let candidates = Self.newestFirst(stored: (stored[category] ?? []).filter { $0.receivedAt >= since },
                                          added: (added[category] ?? []).filter { $0.receivedAt >= since })
            .prefix(DuplicateFinder.candidateLimit)
        if let lookalike = finder.mostSimilar(grams, among: candidates.lazy.map { ($0.id, $0.grams) }) {
            DuplicateFinder.flag(&newCase, as: lookalike)
        }
    }

    /// Both lists newest first, as the store orders them; of cases received at the same moment the
    /// one stored last comes first (SQLite walks the index backwards), so the batch's own come first
    /// and the later of them before the earlier.
    static func newestFirst(stored: [Candidate], added: [Candidate]) -> [Candidate] {
        let added = added.reversed().enumerated().sorted { ($0.element.receivedAt, -$0.offset) > ($1.element.receivedAt, -$1.offset) }.map(\.element)
        var merged: [Candidate] = []
        merged.reserveCapacity(stored.count + added.count)
        var (i, j) = (0, 0)
        while i < stored.count || j < added.count {
            if j < added.count, i == stored.count || added[j].receivedAt >= stored[i].receivedAt {
                merged.append(added[j])
                j += 1
            } else {
                merged.append(stored[i])
                i += 1
            }
        }
        return merged
    }
}
