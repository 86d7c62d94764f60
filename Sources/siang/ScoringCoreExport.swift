import Foundation
import SiangCore
import SiangDelivery
import SiangReports
import SiangStore

/// Making and pushing the scoring-core export (docs/scoring-core.md) for `siang export scoring-core` and
/// `siang serve`: the period's report as `siang report` answers it (a locked month from its stored
/// revision), the category 3 parts, and the push through the outbox.
struct ScoringCoreExport {
    let runtime: Runtime
    let desk: ReportDesk

    init(_ runtime: Runtime, configFile: String?) throws {
        self.runtime = runtime
        desk = try ReportDesk(runtime, configFile: configFile)
    }

    var agency: ScoringCoreAgency {
        let c = runtime.configuration
        return ScoringCoreAgency(nameTh: c.agency.nameTh, nameEn: c.agency.nameEn, code: c.scoringCore.agencyCode)
    }

    func document(_ request: ReportRequest, now: Date) async throws -> ScoringCoreDocument {
        let report = try await desk.answer(request, now: now)
        let parts = try await ExportParts(runtime: runtime, desk: desk).parts(for: report, now: now)
        return try ReportDesk.report { () throws(ReportError) in
            try ScoringCoreDocument.build(report: report, agency: agency, parts: parts, generatedAt: now)
        }
    }

    /// The client for `scoringCore.url` with the token from the environment; refused in plain words when
    /// either is missing or the address may not be pushed to.
    static func client(_ settings: ScoringCoreSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ScoringCoreClient {
        guard !settings.url.isEmpty else {
            throw Failure("no scoring-core address is configured: set scoringCore.url in the configuration file or SIANG_SCORING_CORE_URL")
        }
        if let problem = ScoringCoreSettings.problem(withURL: settings.url) { throw Failure("configuration key scoringCore.url: \(problem)") }
        guard let token = ScoringCoreSettings.token(in: environment) else {
            throw Failure("the scoring-core token is missing: set the environment variable \(ScoringCoreSettings.tokenVariable) "
                          + "(it is never read from the configuration file)")
        }
        var settings = settings
        if settings.caFile.isEmpty, let caFile = environment["SIANG_SCORING_CORE_CA_FILE"], !caFile.isEmpty { settings.caFile = caFile }
        if !settings.caFile.isEmpty, !FileManager.default.isReadableFile(atPath: settings.caFile) {
            throw Failure("configuration key scoringCore.caFile: cannot read \(settings.caFile)")
        }
        return ScoringCoreClient(settings: settings, token: token)
    }

    /// For `siang serve`: with `scoringCore.url` set, the deliverer of queued exports and, unless
    /// `scoringCore.schedule` is off, the monthly scheduler; nothing without an address (and nothing else
    /// is read then). A missing token stops the start, so a server never runs believing it pushes when it
    /// cannot.
    static func serving(_ runtime: Runtime, configFile: String?) throws -> (deliverer: ScoringCoreDeliverer, scheduler: ScoringCoreScheduler?)? {
        let settings = runtime.configuration.scoringCore
        guard !settings.url.isEmpty else { return nil }
        let deliverer = ScoringCoreDeliverer(client: try client(settings))
        guard settings.schedule else { return (deliverer, nil) }
        let export = try ScoringCoreExport(runtime, configFile: configFile)
        let scheduler = ScoringCoreScheduler(store: runtime.store, schedule: ScoringCoreSchedule(calendar: export.desk.calendar)) { due in
            let request = ReportRequest(period: .fiscalYear(FiscalYear(beYear: due.fiscalYear)), asOf: due.asOf)
            return try await export.document(request, now: Date()).bytes
        }
        return (deliverer, scheduler)
    }
}
