import ArgumentParser
import Foundation
import SiangCore
import SiangDelivery
import SiangReports
import SiangStore

/// `siang export …`: documents for systems outside Siang (DESIGN.md 5.9).
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Documents for systems outside Siang: the PMQA scoring-core export.",
        subcommands: [ScoringCore.self])

    struct ScoringCore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scoring-core",
            abstract: "The siang.scoring-core.v1 document of a fiscal year (or a month or quarter in it): metrics with LeTCI, evidence, improvements, readiness.",
            discussion: "Printed on stdout, written to --out FILE, or with --push queued in the outbox and delivered at once to "
                + "scoringCore.url with the bearer token from SIANG_SCORING_CORE_TOKEN (docs/scoring-core.md).")

        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The fiscal year in the Buddhist Era, e.g. 2569.") var fy: String
        @Option(name: .long, help: "A quarter (2569-Q2) or month (2026-01) of that fiscal year instead of the whole year.") var period: String?
        @Option(name: .long, help: "Take the figures at this instant (ISO 8601; Bangkok time without an offset). Default: the period's end or now.")
        var asOf: String?
        @Option(name: .long, help: "Write the document to FILE instead of stdout.") var out: String?
        @Flag(name: .long, help: "Queue the document in the outbox and deliver it to scoringCore.url now.") var push = false
        @Option(name: .long, help: "With --push: attempts made now before leaving the rest to siang serve's outbox.") var attempts = 5

        func validate() throws {
            if push, out != nil { throw ValidationError("--out and --push are alternatives: write the document to a file, or push it") }
            guard (1...20).contains(attempts) else { throw ValidationError("--attempts must be 1 to 20") }
        }

        func run() async throws {
            let request = try request()
            let runtime = try await Runtime(common)
            // Refused before anything is computed: no address, no token, a bad CA file.
            let client = try push ? ScoringCoreExport.client(runtime.configuration.scoringCore) : nil
            let document = try await ScoringCoreExport(runtime, configFile: common.config).document(request, now: Date())
            if let client {
                try await Self.push(document, client: client, store: runtime.store, attempts: attempts)
            } else if let out {
                do { try document.bytes.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                    throw Failure("cannot write \(out): \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(document.bytes)
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        }

        /// The report request of `--fy` or `--period`, refused when the period is not in the fiscal year.
        func request() throws -> ReportRequest {
            let year = try PeriodArgument.parse(fy, kind: .fiscalYear)
            guard let period else { return try ReportDesk.report { () throws(ReportError) in try ReportRequest(kind: .fiscalYear, id: year.id, asOf: asOf) } }
            let key = try ReportDesk.report { () throws(ReportError) in try PeriodKey.parse(period) }
            guard key.kind != .fiscalYear else {
                throw Failure("--period takes a quarter (2569-Q2) or a month (2026-01); for the whole year leave it out")
            }
            guard key.fiscalYear == year.fiscalYear else {
                throw Failure("--period \(key.id) lies in fiscal year \(key.fiscalYear.beYear), not \(year.id)")
            }
            return try ReportDesk.report { () throws(ReportError) in try ReportRequest(kind: key.kind, id: key.id, asOf: asOf) }
        }

        /// Queues the document and delivers it now: up to `attempts` tries with short backoff (and never
        /// sooner than a 429's Retry-After). What is not acknowledged stays queued for `siang serve`.
        static func push(_ document: ScoringCoreDocument, client: ScoringCoreClient, store: any AgencyStore, attempts: Int) async throws {
            let message = ScoringCoreOutbox.message(for: document.bytes)
            let key = message.dedupeKey
            var dispatcher = OutboxDispatcher(store: store, deliverers: [])
            dispatcher.baseDelay = .seconds(1)
            dispatcher.maxDelay = .seconds(30)
            let deliverer = ScoringCoreDeliverer(client: client)
            for attempt in 1...attempts {
                let queued = try await ReportDesk.store { try await store.enqueueScoringCoreExport(message, at: Date()) }
                if queued.deliveredAt != nil {
                    say("scoring core acknowledged the export (Idempotency-Key \(key), \(queued.row.attempts) attempts)")
                    return
                }
                if queued.givenUp { throw Failure("the export was given up on earlier: \(queued.lastError ?? "no reason given"); it will not be sent again") }
                let outcome = try await ReportDesk.store { try await dispatcher.attempt(queued.row, with: deliverer) }
                switch outcome {
                case .delivered:
                    say("scoring core acknowledged the export (Idempotency-Key \(key), \(queued.row.attempts + 1) attempts)")
                    return
                case .givenUp(let why):
                    throw Failure("the export was given up on: \(why); it will not be sent again")
                case .retryAt(let next):
                    guard attempt < attempts else { break }
                    FileHandle.standardError.write(Data("siang: not acknowledged yet (\(queued.row.attempts + 1) attempts); trying again at \(BangkokTime.iso8601(next))\n".utf8))
                    let wait = next.timeIntervalSinceNow
                    if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                }
            }
            throw Failure("the scoring core has not acknowledged the export after \(attempts) attempts; it stays queued "
                          + "(Idempotency-Key \(key)) and siang serve's outbox goes on trying")
        }
    }
}
