import ArgumentParser
import Foundation
import SiangCore
import SiangReports
import SiangStore

/// `siang report …`: the PMQA 7.2 reports of a month, a fiscal quarter or a fiscal year (DESIGN.md 5.7),
/// locking and restating months, and rebuilding the per-case facts the reports read.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "PMQA 7.2 reports: monthly, quarterly, fiscal-year; lock and restate months; rebuild the report facts.",
        subcommands: [Monthly.self, Quarter.self, FiscalYearReport.self, Lock.self, Restate.self, Rebuild.self])

    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The report of one month (a locked month comes from its stored revision).")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The month as YYYY-MM (CE), e.g. 2025-10.") var month: String
        @OptionGroup var output: ReportOutputOptions
        func run() async throws { try await output.write(.month, id: month, common: common) }
    }

    struct Quarter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The report of one fiscal quarter.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The fiscal quarter as BEYEAR-QN, e.g. 2569-Q1 (October to December 2025).") var quarter: String
        @OptionGroup var output: ReportOutputOptions
        func run() async throws { try await output.write(.quarter, id: quarter, common: common) }
    }

    struct FiscalYearReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fy", abstract: "The report of one fiscal year, with LeTCI.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The fiscal year in the Buddhist Era, e.g. 2569 (1 October 2025 to 30 September 2026).") var fy: String
        @OptionGroup var output: ReportOutputOptions
        func run() async throws { try await output.write(.fiscalYear, id: fy, common: common) }
    }

    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store an ended month's report as revision 0; it is answered from storage from then on.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The month as YYYY-MM (CE).") var month: String
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let key = try PeriodArgument.parse(month, kind: .month)
            let runtime = try await Runtime(common)
            let desk = try ReportDesk(runtime, configFile: common.config)
            let revision = try await desk.lock(key, actor: ReportActor.current, now: Date())
            if json {
                print("{\"period\":\"\(key.id)\",\"revision\":\(revision.revision),\"changes\":[]}")
            } else {
                print("locked \(key.id) as revision \(revision.revision)")
            }
        }
    }

    struct Restate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store the recomputed figures of a locked month as its next revision, with the reason.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The month as YYYY-MM (CE).") var month: String
        @Option(name: .long, help: "Why the figures change (kept with the revision).") var reason: String
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let key = try PeriodArgument.parse(month, kind: .month)
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Failure("a restatement needs a reason: --reason \"…\" says why the figures change")
            }
            let runtime = try await Runtime(common)
            let desk = try ReportDesk(runtime, configFile: common.config)
            let (revision, changes) = try await desk.restate(key, reason: reason, actor: ReportActor.current, now: Date())
            if json {
                print("{\"period\":\"\(key.id)\",\"revision\":\(revision.revision),\"changes\":\(PendingChangeList(changes).json)}")
            } else {
                print("restated \(key.id) as revision \(revision.revision) with \(changes.count) changed figures")
                for c in PendingChangeList(changes).rows {
                    print("  \(c.metric) \(c.breakdown): \(c.stored.map { "\($0)" } ?? "–") -> \(c.now.map { "\($0)" } ?? "–")")
                }
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every case's report fact from its events (safe while siang serve runs).")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Cases per transaction; intake waits at most one batch.") var batch = 2_000
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            guard batch > 0 else { throw Failure("--batch must be a positive number of cases") }
            let runtime = try await Runtime(common)
            let showProgress = !json && isatty(STDERR_FILENO) == 1
            let started = ContinuousClock.now
            let progress: (@Sendable (Int) -> Void)? = showProgress ? { @Sendable (n: Int) in ProgressLine.show("\(n) cases") } : nil
            let batch = self.batch
            let count = try await ReportDesk.store { try await runtime.store.rebuildCaseFacts(batchSize: batch, progress: progress) }
            if showProgress { ProgressLine.finish() }
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if json {
                print("{\"cases\":\(count),\"seconds\":\(String(format: "%.3f", seconds))}")
            } else {
                print("rebuilt the report facts of \(count) cases in \(String(format: "%.2f", seconds)) s")
            }
        }
    }
}

/// `[--as-of ISO8601] [--format json|csv|xlsx|html] [--out FILE]`, shared by the three report commands.
struct ReportOutputOptions: ParsableArguments {
    @Option(name: .long, help: "Take the figures at this instant (ISO 8601; Bangkok time without an offset). Default: the period's end or now.")
    var asOf: String?
    @Option(name: .long, help: "json (default), csv, xlsx or html.") var format = "json"
    @Option(name: .long, help: "Write the report to FILE instead of stdout.") var out: String?

    func write(_ kind: ReportPeriod.Kind, id: String, common: CommonOptions) async throws {
        guard let format = ReportFormat(rawValue: format.lowercased()) else {
            throw Failure("--format must be json, csv, xlsx or html, not \"\(format)\"")
        }
        var timing = PhaseTiming()
        let request = try ReportDesk.report { () throws(ReportError) in try ReportRequest(kind: kind, id: id, asOf: asOf) }
        let runtime = try await Runtime(common)
        let desk = try ReportDesk(runtime, configFile: common.config)
        timing.lap("opening the store and the configuration")
        let document = try await desk.answer(request, now: Date())
        timing.lap("the report")
        let bytes: Data
        do {
            bytes = try ReportRendering.render(document, as: format, labels: ReportLabels(configuration: runtime.configuration))
        } catch {
            throw Failure("cannot write the report as \(format.rawValue): \(error.description)")
        }
        if let out {
            do { try bytes.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                throw Failure("cannot write \(out): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(bytes)
            if format == .json { FileHandle.standardOutput.write(Data("\n".utf8)) }
        }
        timing.lap("writing it as \(format.rawValue)")
    }
}

/// A period id from the command line, refused in plain words before anything is opened.
enum PeriodArgument {
    static func parse(_ text: String, kind: ReportPeriod.Kind) throws -> PeriodKey {
        try ReportDesk.report { () throws(ReportError) in try PeriodKey.parse(text, kind: kind) }
    }
}

/// Who stored a revision from the command line: the operating-system account, never a citizen.
enum ReportActor {
    static var current: String { "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")" }
}
