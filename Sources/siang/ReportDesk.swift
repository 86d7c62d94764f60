import Foundation
import SiangCore
import SiangPipeline
import SiangReports
import SiangStore

/// The reports as the commands give them: the engine's inputs read from the store and the
/// configuration, and a locked month answered from its latest stored revision (DESIGN.md 5.7,
/// "Locked months and restatements"), with what a recomputation would change beside it.
///
/// The engine is pure; everything read or written for a report goes through here, so lock and
/// restate keep the rule "a locked month is never changed silently" in one place.
struct ReportDesk {
    let store: any AgencyStore
    let catalog: MetricCatalog
    let calendar: BusinessCalendar
    let policy: SLAPolicy
    let agency: ReportAgency
    /// The taxonomy's category codes, in its order (emerging topics are listed so).
    let categories: [String]

    init(_ runtime: Runtime, configFile: String?) throws {
        store = runtime.store
        do {
            let override = try configFile.map { try String(contentsOfFile: $0, encoding: .utf8) }
            catalog = try MetricCatalog.load(override: override)
        } catch let error as ReportError {
            throw Failure(error.description)
        } catch {
            throw Failure("cannot read \(configFile ?? "the configuration"): \(error.localizedDescription)")
        }
        let sla: SLAService
        do { sla = try SLAService(configuration: runtime.configuration) } catch { throw Failure(error.description) }
        calendar = sla.calendar
        policy = sla.policy
        agency = ReportAgency(nameTh: runtime.configuration.agency.nameTh, nameEn: runtime.configuration.agency.nameEn)
        categories = runtime.configuration.taxonomy.categories.map(\.code)
    }

    /// The agency's targets as the engine reads them.
    func targets() async throws -> TargetBook {
        TargetBook(rows: try await Self.store { try await store.reportTargets() })
    }

    /// The report computed now from the facts, never from a stored revision.
    func compute(_ request: ReportRequest, now: Date) async throws -> ReportDocument {
        let upTo = try Self.report { () throws(ReportError) in try ReportEngine.factsNeeded(for: request, now: now) }
        // The engine wants everything at or before its instant; the store reads before one.
        let end = Date(timeIntervalSince1970: upTo.timeIntervalSince1970.nextUp)
        var timing = PhaseTiming()
        // The answers and invitations are read on other connections while the case facts are.
        let store = self.store
        async let answers = PhaseTiming.measured { try await Self.store { try await store.surveyFactColumns(from: .distantPast, to: end) } }
        async let invitations = PhaseTiming.measured {
            try await Self.store { try await store.surveyInvitationFacts(from: .distantPast, to: end) }
        }
        let (cases, casesTime) = try await PhaseTiming.measured {
            try await Self.store { try await store.caseFactColumns(receivedBefore: end) }
        }
        let (answerFacts, answersTime) = try await answers
        let (invitationFacts, invitationsTime) = try await invitations
        timing.note("case facts (\(cases.count))", casesTime)
        timing.note("survey answers (\(answerFacts.count))", answersTime)
        timing.note("survey invitations (\(invitationFacts.count))", invitationsTime)
        timing.lap("reading the facts, all at once")
        let inputs = ReportInputs(caseColumns: cases, answerColumns: answerFacts, invitations: invitationFacts, targets: try await targets(),
                                  catalog: catalog, calendar: calendar, policy: policy, agency: agency)
        var document = try Self.report { () throws(ReportError) in try ReportEngine.report(request, inputs: inputs, now: now) }
        timing.lap("engine")
        if let texts = store as? any CaseTextStore {
            document.emergingTopics = try await EmergingTopics.find(for: request.period, asOf: document.period.asOf, categories: categories) { from, to in
                try await Self.store { try await texts.caseTexts(receivedFrom: from, to: to) }.map { ($0.category, $0.receivedAt, $0.subject, $0.text) }
            }
            timing.lap("emerging topics")
        }
        KeptUntilExit.keep(inputs)
        return document
    }

    /// The report a reader gets: a locked month's latest revision (with `pendingChanges` when the
    /// figures have moved since), any other period computed now.
    func answer(_ request: ReportRequest, now: Date) async throws -> ReportDocument {
        guard case .month = request.period, let latest = try await revisions(of: request.period).last else {
            return try await compute(request, now: now)
        }
        let recomputed = try await compute(ReportRequest(period: request.period), now: now)
        return try Self.report { () throws(ReportError) in try LockedMonths.answer(latest: latest.documentJSON, recomputed: recomputed) }
    }

    func revisions(of period: PeriodKey) async throws -> [ReportRevision] {
        try await Self.store { try await store.reportRevisions(period: period.id) }
    }

    /// Stores a month's report as revision 0. Refused for a month not yet over (its figures would
    /// still move) and for a month locked before.
    func lock(_ month: PeriodKey, actor: String, now: Date) async throws -> ReportRevision {
        guard month.to <= now else {
            throw Failure("\(month.id) has not ended yet (it ends \(BangkokTime.iso8601(month.to))); a month is locked once it is over")
        }
        if let latest = try await revisions(of: month).last {
            throw Failure("\(month.id) is locked already (revision \(latest.revision) of \(BangkokTime.iso8601(latest.createdAt))); "
                          + "to change its figures use siang report restate --month \(month.id) --reason \"…\"")
        }
        let document = LockedMonths.revision(try await compute(ReportRequest(period: month), now: now), number: 0, reason: nil)
        let revision = ReportRevision(periodID: month.id, revision: 0, documentJSON: ReportJSON.encode(document), reason: nil,
                                      changesJSON: "[]", actor: actor, createdAt: now)
        try await Self.store { try await store.addReportRevision(revision) }
        return revision
    }

    /// Stores revision N+1 of a locked month with the reason and the changes from revision N.
    /// Refused for a month not locked, without a reason, or when nothing would change.
    func restate(_ month: PeriodKey, reason: String, actor: String, now: Date) async throws -> (ReportRevision, [PendingChange]) {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Failure("a restatement needs a reason: --reason \"…\" says why the figures change") }
        guard let latest = try await revisions(of: month).last else {
            throw Failure("\(month.id) is not locked; lock it first with siang report lock --month \(month.id)")
        }
        let recomputed = try await compute(ReportRequest(period: month), now: now)
        let changes = try Self.report { () throws(ReportError) in
            try LockedMonths.answer(latest: latest.documentJSON, recomputed: recomputed).pendingChanges
        }
        guard !changes.isEmpty else {
            throw Failure("nothing to restate: the figures of \(month.id) are the same as in revision \(latest.revision)")
        }
        let document = LockedMonths.revision(recomputed, number: latest.revision + 1, reason: reason)
        let revision = ReportRevision(periodID: month.id, revision: latest.revision + 1, documentJSON: ReportJSON.encode(document),
                                      reason: reason, changesJSON: LockedMonths.changesJSON(changes), actor: actor, createdAt: now)
        try await Self.store { try await store.addReportRevision(revision) }
        return (revision, changes)
    }

    /// Runs store calls, ending the command with the store's words when one fails.
    static func store<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as StoreError { throw Failure(error.description) }
    }

    /// Runs engine calls, ending the command with the engine's words when one fails.
    static func report<T>(_ body: () throws(ReportError) -> T) throws -> T {
        do { return try body() } catch { throw Failure(error.description) }
    }
}

/// The changes of a restatement as they are stored and printed: `[{"metric","breakdown","stored","now"}]`.
struct PendingChangeList: Encodable {
    struct Row: Encodable {
        var metric: String
        var breakdown: String
        var stored: Double?
        var now: Double?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(metric, forKey: .metric)
            try c.encode(breakdown, forKey: .breakdown)
            // A figure that was or became empty is written null, not left out.
            try c.encode(ReportRounding.round2(stored), forKey: .stored)
            try c.encode(ReportRounding.round2(now), forKey: .now)
        }
        enum CodingKeys: String, CodingKey { case metric, breakdown, stored, now }
    }
    let rows: [Row]

    init(_ changes: [PendingChange]) {
        rows = changes.map { Row(metric: $0.metric, breakdown: $0.breakdown, stored: $0.stored, now: $0.now) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rows)
    }

    var json: String { String(decoding: (try? JSONEncoder.sortedKeys.encode(self)) ?? Data("[]".utf8), as: UTF8.self) }
}

/// The facts of a report a command computed, never freed: the command ends right after, and handing
/// a million cases' columns back page by page costs it longer than the exit that returns their memory
/// at once.
final class KeptUntilExit: Sendable {
    let inputs: ReportInputs
    private init(_ inputs: ReportInputs) { self.inputs = inputs }

    static func keep(_ inputs: ReportInputs) {
        _ = Unmanaged.passRetained(KeptUntilExit(inputs))
    }
}

/// With `SIANG_REPORT_TIMING=1`, how long each part of a report took, on stderr (for bench/report_fy.sh).
struct PhaseTiming {
    private let on = ProcessInfo.processInfo.environment["SIANG_REPORT_TIMING"] == "1"
    private var last = ContinuousClock.now

    /// The time since the last lap (or since this timing began).
    mutating func lap(_ what: String) {
        let now = ContinuousClock.now
        note(what, last.duration(to: now))
        last = now
    }

    /// A part timed on its own (one of several running at once).
    func note(_ what: String, _ duration: Duration) {
        guard on else { return }
        FileHandle.standardError.write(Data("\(what): \(duration)\n".utf8))
    }

    /// `body`'s result and how long it took.
    static func measured<T>(_ body: () async throws -> T) async throws -> (T, Duration) {
        let start = ContinuousClock.now
        let value = try await body()
        return (value, start.duration(to: .now))
    }
}
