import Foundation
import Logging
import SiangCore
import SiangStore

/// The daily digest to staff (`notifications.digestTime`, business days only): to each queue's
/// supervisors, for the queues they supervise, and to `notifications.executives`, for every queue,
/// the breached and at-risk cases, the dissatisfied answers since the previous business day's digest
/// and the open service recoveries; one message per recipient (by their channels, as other notices),
/// none to a recipient whose queues have nothing to follow up.
///
/// The rows are `staff_notice` rows keyed on the local date, the username and the channel, so a
/// restart, a second tick or a second server on the same day adds nothing. Figures only: no case
/// text, no citizen data.
public struct StaffDigest: Sendable {
    let figures: any StaffDigestStore
    let outbox: any CaseStore
    let contacts: any StaffContactStore
    let configuration: SiangConfiguration
    let calendar: BusinessCalendar
    let logger: Logger

    public init(figures: any StaffDigestStore, outbox: any CaseStore, contacts: any StaffContactStore,
                configuration: SiangConfiguration, calendar: BusinessCalendar, logger: Logger = Logger(label: "siang.digest")) {
        self.figures = figures
        self.outbox = outbox
        self.contacts = contacts
        self.configuration = configuration
        self.calendar = calendar
        self.logger = logger
    }

    /// Queues today's digest when `now` is on a business day at or after the digest time; returns the
    /// rows offered (the outbox skips those of a digest queued before).
    @discardableResult
    public func tick(now: Date) async throws(StoreError) -> [OutboxMessage] {
        guard let at = digestInstant(onDayOf: now), now >= at else { return [] }
        let since = previousDigest(before: at)
        let byQueue = try await figures.digestFigures(now: now, since: since)
        let day = localDate(now)
        var rows: [OutboxMessage] = []
        for (username, queues) in recipients() {
            let lines = queues.sorted().map { q in (label: configuration.routing.queue(q)?.th ?? q, figures: byQueue[q] ?? QueueDigestFigures()) }
            // Nothing to follow up in any of their queues: no message (a daily "nothing" is noise).
            guard lines.contains(where: { !$0.figures.isEmpty }) else { continue }
            let text = StaffNoticeText.digest(date: ThaiDateFormatter.date(now, .th, longMonth: true), queues: lines,
                                              workspaceURL: StaffNoticeText.caseURL(base: configuration.agency.publicBaseURL, trackingID: nil))
            guard let contact = try await contacts.staffContacts(usernames: [username]).first else { continue }
            for channel in StaffNoticeFanout.channels(of: contact) {
                rows.append(StaffNotice(username: username, subject: text.subject, text: text.body)
                    .outboxMessage(channel: channel, event: "digest:\(day)", trackingID: nil))
            }
        }
        if !rows.isEmpty { try await outbox.enqueueOutbox(rows, at: now) }
        return rows
    }

    /// Who receives a digest and for which queues: supervisors their queues, executives every queue.
    func recipients() -> [String: Set<String>] {
        var recipients: [String: Set<String>] = [:]
        for queue in configuration.routing.queues {
            for s in queue.supervisors ?? [] where !s.isEmpty { recipients[s, default: []].insert(queue.code) }
        }
        for e in configuration.notifications.executives where !e.isEmpty {
            recipients[e, default: []].formUnion(configuration.routing.queues.map(\.code))
        }
        return recipients
    }

    /// The digest time on the local day of `date`; nil on a weekend or holiday, or with no digest.
    func digestInstant(onDayOf date: Date) -> Date? {
        guard let minute = configuration.notifications.digestMinute, calendar.isBusinessDay(date) else { return nil }
        var local = Calendar(identifier: .gregorian)
        local.timeZone = calendar.timeZone
        return local.startOfDay(for: date).addingTimeInterval(TimeInterval(minute * 60))
    }

    /// The previous business day's digest time (a week back at most, then a week before `at`).
    func previousDigest(before at: Date) -> Date {
        for days in 1...14 {
            let earlier = at.addingTimeInterval(-Double(days) * 86_400)
            if let previous = digestInstant(onDayOf: earlier) { return previous }
        }
        return at.addingTimeInterval(-7 * 86_400)
    }

    func localDate(_ date: Date) -> String {
        var local = Calendar(identifier: .gregorian)
        local.timeZone = calendar.timeZone
        let c = local.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Ticks every `interval` until cancelled.
    public func run(every interval: Duration = .seconds(60), clock: any SiangClock = SystemClock()) async {
        while !Task.isCancelled {
            do { try await tick(now: clock.now()) } catch { logger.error("digest tick failed", metadata: ["error": "\(error)"]) }
            try? await Task.sleep(for: interval)
        }
    }
}
