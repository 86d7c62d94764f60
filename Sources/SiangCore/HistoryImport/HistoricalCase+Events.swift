import Foundation

extension HistoricalCase {
    /// Who the history's moves are recorded as: the earlier system's staff, as one actor.
    public static let importActor = CaseEvent.staff("import")

    /// The status events of the history, exactly as the staff actions would have written them live:
    /// each move by ``importActor`` at its time, with its public note (for a rejection the reason,
    /// for a referral the other agency, for a merge the surviving case, with the live default note
    /// when none was given). A reopen is the complainant's move, as it is live.
    ///
    /// - Parameter duplicateOf: the surviving case's tracking ID, for a `duplicate` entry.
    public func statusEvents(duplicateOf survivor: TrackingID?) -> [CaseEvent] {
        var from = Status.received
        return history.map { entry in
            let to = entry.status
            let reason = to == .rejected ? entry.note : nil
            let referredTo = to == .referred ? self.referredTo : nil
            let duplicate = to == .duplicate ? survivor : nil
            let note = entry.note ?? StatusChange.defaultPublicNote(to: to, reason: reason, referredTo: referredTo, duplicateOf: duplicate)
            let actor = from == .resolved && to == .inProgress ? CaseEvent.citizen : Self.importActor
            let change = StatusChange(from: from, to: to, publicNote: note, reason: reason, referredTo: referredTo, duplicateOf: duplicate)
            from = to
            return CaseEvent(at: entry.at, actor: actor, change: .statusChanged(change))
        }
    }
}
