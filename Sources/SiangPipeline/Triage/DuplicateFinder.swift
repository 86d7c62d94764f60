import Foundation
import SiangCore
import SiangStore

/// Flags a new case whose text is very like an open case of the same category received within the
/// configured window (7 days by default). Staff decide whether to merge; nothing is merged here.
public struct DuplicateFinder: Sendable {
    let store: any CaseStore
    let settings: DuplicateSettings
    /// Shared by every copy of this finder, so the server's intakes reuse each other's work.
    let trigramCache = TrigramCache()
    /// How many recent cases are compared at most; the newest are the likeliest duplicates.
    static let candidateLimit = 50

    public init(store: any CaseStore, settings: DuplicateSettings) {
        self.store = store
        self.settings = settings
    }

    public func mostSimilar(text: String, category: String, receivedAt: Date) async -> PossibleDuplicate? {
        guard let candidates = try? await store.recentOpenCases(category: category, since: windowStart(receivedAt), limit: Self.candidateLimit),
              !candidates.isEmpty else { return nil }
        return mostSimilar(Self.trigrams(text), among: candidates.lazy.map { ($0.id, trigramCache.trigrams(of: $0.id, text: $0.text)) })
    }

    /// The earliest receipt of a case a case received at `receivedAt` is compared with.
    func windowStart(_ receivedAt: Date) -> Date { receivedAt.addingTimeInterval(-Double(settings.windowDays) * 86_400) }

    /// The candidate most like `grams` (trigrams of a text) at or above the configured similarity;
    /// of equally similar ones, the first.
    func mostSimilar(_ grams: [Int], among candidates: some Sequence<(id: TrackingID, grams: [Int])>) -> PossibleDuplicate? {
        var best: PossibleDuplicate?
        for c in candidates {
            let s = Self.similarity(grams, c.grams)
            if s >= settings.similarity, s > (best?.similarity ?? 0) { best = PossibleDuplicate(of: c.id, similarity: (s * 1000).rounded() / 1000) }
        }
        return best
    }

    /// Adds the flag to a new case's first events.
    static func flag(_ newCase: inout NewCase, as lookalike: PossibleDuplicate) {
        newCase.events.append(CaseEvent(at: newCase.intake.receivedAt, actor: CaseEvent.system, change: .possibleDuplicate(lookalike)))
    }

    /// Character trigrams of the text with spaces and punctuation removed and letters lower-cased,
    /// since Thai has no spaces between words and people space English words at will. Sorted and
    /// without repeats, so two sets meet in one merging walk: hashing them into `Set`s was most of
    /// the cost of taking a case in under load.
    static func trigrams(_ text: String) -> [Int] {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.utf8.count / 2)
        for s in text.unicodeScalars where isLetterOrDigit(s.value) {
            // Lower-case ASCII by hand; Thai has no case.
            scalars.append((65...90).contains(s.value) ? s.value + 32 : s.value)
        }
        var grams: [Int]
        if scalars.count < 3 {
            grams = scalars.map(Int.init)
        } else {
            grams = (0..<(scalars.count - 2)).map { i in
                Int(scalars[i]) &* 1_000_003 &+ Int(scalars[i + 1]) &* 1_009 &+ Int(scalars[i + 2])
            }
        }
        grams.sort()
        var unique = 0
        for g in grams where unique == 0 || grams[unique - 1] != g {
            grams[unique] = g
            unique += 1
        }
        grams.removeLast(grams.count - unique)
        return grams
    }

    /// Letters and digits for the purpose of comparing texts: ASCII letters and digits, and anything
    /// beyond ASCII except punctuation, symbols and emoji (Thai letters and vowels are kept). Written
    /// out because `CharacterSet` lookups dominated the cost of taking a case in.
    @inline(__always)
    static func isLetterOrDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return (48...57).contains(v) || (65...90).contains(v) || (97...122).contains(v) }
        if (0x0E3F...0x0E3F).contains(v) || (0x0E4F...0x0E4F).contains(v) || (0x0E5A...0x0E5B).contains(v) { return false }  // ฿ ๏ ๚ ๛
        if (0x2000...0x2BFF).contains(v) || (0x3000...0x303F).contains(v) || v >= 0x1F000 || (0xFE00...0xFE0F).contains(v) { return false }
        return v != 0xA0
    }

    /// Jaccard similarity of two trigram sets (sorted, without repeats).
    static func similarity(_ a: [Int], _ b: [Int]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(shared) / Double(a.count + b.count - shared)
    }
}
