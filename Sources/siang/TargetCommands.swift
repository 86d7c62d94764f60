import ArgumentParser
import Foundation
import SiangReports
import SiangStore

/// `siang targets import|list`: the agency's targets, comparators, baselines and manual values per
/// metric and fiscal year (DESIGN.md 5.7), which give the fiscal-year report its LeTCI.
struct Targets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Targets, comparators and baselines for the PMQA 7.2 metrics.", subcommands: [Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a targets YAML file; every entry in it replaces that metric's fiscal year, or nothing is stored.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "The targets file (targets: metric id -> BE fiscal year -> target, comparators, baseline, value).") var file: String
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw Failure("cannot read \(file): \(error.localizedDescription)")
            }
            let runtime = try await Runtime(common)
            let desk = try ReportDesk(runtime, configFile: common.config)
            let catalog = desk.catalog
            let book = try ReportDesk.report { () throws(ReportError) in try TargetBook(yaml: text, catalog: catalog) }
            let rows = book.rows
            guard !rows.isEmpty else { throw Failure("\(file): the targets mapping is empty; nothing was imported") }
            do { try await runtime.store.saveReportTargets(rows, at: Date()) } catch {
                throw Failure("\(file): \(error.description); nothing was imported")
            }
            let metrics = Set(rows.map(\.metricID)).count
            if json {
                print("{\"imported\":\(rows.count),\"metrics\":\(metrics)}")
            } else {
                print("imported \(rows.count) entries for \(metrics) metrics")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the stored targets, comparators and baselines.")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "Print one JSON document (the targets file's shape) on stdout.") var json = false

        func run() async throws {
            let runtime = try await Runtime(common)
            let rows = try await ReportDesk.store { try await runtime.store.reportTargets() }
            if json {
                print(TargetBook(rows: rows).json())
                return
            }
            if rows.isEmpty { print("no targets stored; load them with siang targets import FILE.yaml") }
            for r in rows {
                var parts = ["\(r.metricID) \(r.fiscalYear):"]
                if let t = r.target { parts.append("target \(t)") }
                if let b = r.baseline { parts.append("baseline \(b)") }
                if let v = r.value { parts.append("value \(v)") }
                parts += r.comparators.map { "comparator \($0.name) \($0.value)" }
                print(parts.joined(separator: " "))
            }
        }
    }
}

