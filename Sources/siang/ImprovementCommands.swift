import ArgumentParser
import Foundation
import SiangCore
import SiangReports
import SiangStore

/// `siang improvements list|add`: the improvement log of DESIGN.md 5.9 from the command line. Each
/// linked metric's values before and after are computed by the report engine when the entry is read.
struct Improvements: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The improvement log: what changed because of complaints and surveys, with each linked metric before and after.",
        subcommands: [List.self, Add.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the entries (of one fiscal year) with their before/after values.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Only the entries dated in this Buddhist Era fiscal year, e.g. 2569.") var fy: String?
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let year = try fy.map(Improvements.fiscalYear)
            let log = try await Improvements.log(common)
            let now = Date()
            let entries = try await Improvements.run { () async throws(ImprovementLog.Failure) in
                if let year { try await log.assessed(fiscalYear: year, now: now) } else { try await log.assessed(from: nil, to: nil, now: now) }
            }
            if json {
                print(ImprovementJSON.encode(entries, fiscalYear: year, asOf: now))
                return
            }
            if entries.isEmpty { print("no improvements recorded\(year.map { " in fiscal year \($0)" } ?? ""); add one with siang improvements add") }
            for e in entries { print(Improvements.line(e)) }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an improvement; it needs at least one trigger.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The day the change took effect, YYYY-MM-DD (Common Era).") var date: String
        @Option(name: .long, help: "A short title.") var title: String
        @Option(name: .long, help: "What was changed.") var action: String
        @Option(name: .long, help: "The unit that owns the change.") var unit: String
        @Option(name: .long, help: "pdca, innovation or sharing.") var level: String
        @Option(name: .long, help: "A complaint category that led to it (repeatable).") var category: [String] = []
        @Option(name: .long, help: "A dissatisfaction reason code that led to it (repeatable).") var reason: [String] = []
        @Option(name: .long, help: "A metric id of the catalog to show before and after (repeatable).") var metric: [String] = []
        @Option(name: .long, help: "A service point code that led to it.") var servicePoint: String?
        @Flag(name: .long, help: "Print the entry as one JSON document on stdout.") var json = false

        func run() async throws {
            let log = try await Improvements.log(common)
            let input = ImprovementInput(date: date, title: title, action: action, owningUnit: unit, learningLevel: level,
                                         categories: category, reasonCodes: reason, metricIds: metric, servicePoint: servicePoint)
            let entry = try await Improvements.run { () async throws(ImprovementLog.Failure) in try await log.add(input, actor: ReportActor.current, now: Date()) }
            print(json ? ImprovementJSON.encode(entry) : "recorded improvement \(entry.improvement.id): \(Improvements.line(entry))")
        }
    }

    static func fiscalYear(_ text: String) throws -> Int {
        guard let year = Int(text), (2400...2800).contains(year) else {
            throw Failure("--fy \(text) is not a Buddhist Era fiscal year; write it like 2569")
        }
        return year
    }

    static func log(_ common: CommonOptions) async throws -> ImprovementLog {
        let runtime = try await Runtime(common)
        return log(runtime, desk: try ReportDesk(runtime, configFile: common.config))
    }

    /// The log over a command's store, with the catalog and calendar its reports use.
    static func log(_ runtime: Runtime, desk: ReportDesk) -> ImprovementLog {
        ImprovementLog(store: runtime.store, vocabulary: ImprovementVocabulary(configuration: runtime.configuration, catalog: desk.catalog),
                              catalog: desk.catalog, calendar: desk.calendar, policy: desk.policy)
    }

    /// Runs the log's calls, ending the command with what went wrong in words.
    static func run<T>(_ body: () async throws(ImprovementLog.Failure) -> T) async throws -> T {
        do { return try await body() } catch {
            switch error {
            case .invalid(let problems): throw Failure("the improvement was not recorded: \(problems.description)")
            case .notFound: throw Failure("no such improvement")
            case .conflict: throw Failure("the improvement was changed by someone else; try again")
            case .store(let e): throw Failure(e.description)
            }
        }
    }

    /// `3 2026-03-15 pdca "title" resolved_within_sla_pct 71.43 (2025-12..2026-02) -> 85 (2026-04..2026-06)`.
    static func line(_ e: AssessedImprovement) -> String {
        let i = e.improvement
        func value(_ w: ImprovementWindow) -> String {
            "\(ReportNumber.display(w.value)) (\(w.fromMonth)..\(w.toMonth))"
        }
        let effects = e.effects.map { "\($0.metricId) \(value($0.before)) -> \(value($0.after))" }
        return ([String(i.id), i.date.description, i.learningLevel.rawValue, "\"\(i.title)\"", i.owningUnit] + effects).joined(separator: "  ")
    }
}
