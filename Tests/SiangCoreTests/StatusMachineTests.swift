import Foundation
import Testing
@testable import SiangCore

@Suite struct StatusMachineTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The whole table of DESIGN.md section 4, written out independently of the implementation.
    static let legal: Set<String> = [
        "received>triaged", "received>in_progress", "received>referred", "received>rejected", "received>duplicate",
        "triaged>in_progress", "triaged>awaiting_info", "triaged>resolved", "triaged>referred", "triaged>rejected", "triaged>duplicate",
        "in_progress>awaiting_info", "in_progress>resolved", "in_progress>referred", "in_progress>rejected", "in_progress>duplicate",
        "awaiting_info>in_progress", "awaiting_info>resolved", "awaiting_info>referred", "awaiting_info>rejected", "awaiting_info>duplicate",
        "resolved>closed", "resolved>in_progress",
    ]

    @Test(arguments: Status.allCases)
    func everyTransitionFromAStatusIsAllowedOrRefusedAsDesigned(from: Status) {
        for to in Status.allCases {
            let key = "\(from.rawValue)>\(to.rawValue)"
            // Reopening is the complainant's right; everything else staff may do.
            let actor: StatusMachine.Actor = key == "resolved>in_progress" ? .complainant : .staff
            if Self.legal.contains(key) {
                #expect(throws: Never.self, "\(key)") {
                    try StatusMachine.check(from: from, to: to, by: actor, resolvedAt: now, now: now)
                }
            } else if from == to {
                #expect(throws: TransitionError.unchanged(from)) { try StatusMachine.check(from: from, to: to, by: actor, now: now) }
            } else {
                #expect(throws: TransitionError.notAllowed(from: from, to: to), "\(key)") {
                    try StatusMachine.check(from: from, to: to, by: actor, resolvedAt: now, now: now)
                }
            }
        }
    }

    @Test func terminalStatusesHaveNoWayOut() {
        for s in [Status.closed, .referred, .rejected, .duplicate] { #expect(s.isTerminal) }
        for s in [Status.received, .triaged, .inProgress, .awaitingInfo, .resolved] { #expect(!s.isTerminal) }
    }

    @Test func onlyTheComplainantReopensAndOnlyWithinFourteenDays() throws {
        let resolved = now.addingTimeInterval(-13 * 86_400)
        try StatusMachine.check(from: .resolved, to: .inProgress, by: .complainant, resolvedAt: resolved, now: now)
        #expect(throws: TransitionError.reopenIsForComplainant) {
            try StatusMachine.check(from: .resolved, to: .inProgress, by: .staff, resolvedAt: resolved, now: now)
        }
        #expect(throws: TransitionError.reopenWindowPassed(days: 14)) {
            try StatusMachine.check(from: .resolved, to: .inProgress, by: .complainant, resolvedAt: now.addingTimeInterval(-15 * 86_400), now: now)
        }
        #expect(throws: TransitionError.reopenWindowPassed(days: 14)) {
            try StatusMachine.check(from: .resolved, to: .inProgress, by: .complainant, resolvedAt: nil, now: now)
        }
    }

    @Test func refusalsSayWhatWasRefused() {
        #expect(TransitionError.notAllowed(from: .closed, to: .inProgress).description == "a case cannot move from closed to in_progress")
    }

    @Test func statusLabelsMatchTheDesign() {
        #expect(Status.received.label.th == "รับเรื่องแล้ว")
        #expect(Status.awaitingInfo.rawValue == "awaiting_info")
        #expect(Status.resolved.label.th == "ดำเนินการแล้วเสร็จ")
    }
}
