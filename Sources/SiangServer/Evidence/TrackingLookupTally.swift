import Foundation
import Logging
import SiangCore
import SiangStore
import Synchronization

/// The tracking lookups counted in memory and written to the store's daily counter at most about once
/// a second, one upsert per day and surface.
///
/// Counting in the store on every lookup made each lookup wait for a write transaction, and its disk
/// sync, behind every other writer (perf, bench/README.md "Tracking lookups from one row"), for a figure
/// read once a month. A lookup now only adds to this tally. The first lookup the tally holds schedules a
/// write a second later, which the lookup does not wait for, so every count is written within about a
/// second even if no lookup follows; the evidence pages also write the tally before they read the
/// counter. What a stopped process had not yet written, a second of lookups at most, is lost: the
/// counter is evidence, not a gate (docs/evidence.md).
final class TrackingLookupTally: Sendable {
    private struct Day: Hashable {
        let surface: TrackingLookupSurface
        /// Days since 1970 on Bangkok's calendar.
        let number: Int
    }

    private struct State {
        /// Per day and surface: the lookups not yet written, and an instant of that day.
        var pending: [Day: (count: Int, at: Date)] = [:]
        /// Whether a write is scheduled for what is pending.
        var scheduled = false
    }

    private let state = Mutex(State())
    static let interval: TimeInterval = 1
    static let logger = Logger(label: "siang.evidence")

    /// Counts one lookup; true when the caller is to schedule a write (``writeLater(to:)``): none is
    /// scheduled for what the tally holds.
    func add(_ surface: TrackingLookupSurface, at: Date) -> Bool {
        let day = Day(surface: surface, number: Int(((at.timeIntervalSince1970 + Double(BangkokTime.offsetSeconds)) / 86_400).rounded(.down)))
        return state.withLock { s in
            s.pending[day, default: (0, at)].count += 1
            guard !s.scheduled else { return false }
            s.scheduled = true
            return true
        }
    }

    /// The lookups not yet written, per surface (tests).
    var pending: [TrackingLookupSurface: Int] {
        state.withLock { s in s.pending.reduce(into: [:]) { $0[$1.key.surface, default: 0] += $1.value.count } }
    }

    /// Writes the tally a second from now, in a task of its own.
    func writeLater(to store: any EvidenceStore) {
        Task {
            try? await Task.sleep(for: .seconds(Self.interval))
            await write(to: store)
        }
    }

    /// Writes every pending count. A count the store refuses goes back to the tally, and a write is
    /// scheduled for it.
    func write(to store: any EvidenceStore) async {
        let taken = state.withLock { s in
            defer { s.pending = [:]; s.scheduled = false }
            return s.pending
        }
        var refused = false
        for (day, tally) in taken {
            do {
                try await store.countTrackingLookups(day.surface, at: tally.at, count: tally.count)
            } catch {
                Self.logger.warning("tracking lookups not counted yet", metadata: ["surface": "\(day.surface.rawValue)", "error": "\(error)"])
                state.withLock { s in s.pending[day, default: (0, tally.at)].count += tally.count }
                refused = true
            }
        }
        if refused, state.withLock({ s in defer { s.scheduled = true }; return !s.scheduled }) { writeLater(to: store) }
    }
}
