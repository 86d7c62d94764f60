import ArgumentParser
import Foundation
import Hotline
import SiangCore
import SiangPipeline
import SiangStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import records from other systems.", subcommands: [HotlineLog.self, CaseHistory.self, SurveyImport.self])

    /// `siang import hotline FILE… [--mapping FILE] [--encoding auto|utf-8|windows-874] [--strict] [--json]`
    struct HotlineLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "hotline", abstract: "Import call-centre logs (CSV) as cases.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "CSV files exported by the call-centre system.") var files: [String]
        @Option(name: .long, help: "YAML file mapping other column names to the fields.") var mapping: String?
        @Option(name: .long, help: "auto, utf-8 or windows-874.") var encoding = "auto"
        @Flag(name: .long, help: "Import nothing from a file if any of its rows is bad.") var strict = false
        @Flag(name: .long, help: "Print one JSON summary on stdout.") var json = false

        func run() async throws {
            guard let textEncoding = HotlineTextEncoding(argument: encoding) else {
                throw Failure("--encoding must be auto, utf-8 or windows-874")
            }
            let columnMapping = try HotlineMapping.file(mapping)
            let runtime = try await Runtime(common)
            let services = try TriageParts(runtime.configuration, dataDirectory: runtime.dataDirectory)
            let pipeline = IntakePipeline(store: runtime.store, configuration: runtime.configuration, triage: services.engine)
            let importer = HotlineImporter(pipeline: pipeline, store: runtime.store)
            let showProgress = !json && isatty(STDERR_FILENO) == 1
            // Into an empty SQLite store the scattered indexes are built once at the end (bench/README.md,
            // "Hotline import, scattered"); into one with cases, as the rows go.
            let (total, rejected, strictFailed) = try await Self.deferringIndexes(of: runtime.store) {
                try await importFiles(importer, encoding: textEncoding, mapping: columnMapping, showProgress: showProgress)
            }
            if json {
                let out = JSONSummary(imported: total.imported, duplicates: total.duplicates, skipped: total.skipped, rejected: rejected)
                print(String(decoding: try JSONEncoder.sortedKeys.encode(out), as: UTF8.self))
            } else {
                print("imported \(total.imported), duplicates \(total.duplicates), skipped (no case) \(total.skipped), rejected \(rejected.count)")
                for r in rejected { FileHandle.standardError.write(Data("\(r.file):\(r.line): \(r.reason)\n".utf8)) }
            }
            if strictFailed { throw Failure("--strict: nothing was imported from a file with bad rows") }
        }

        func importFiles(_ importer: HotlineImporter, encoding textEncoding: HotlineTextEncoding, mapping columnMapping: HotlineMapping,
                         showProgress: Bool) async throws -> (HotlineImporter.Summary, [FileRejection], Bool) {
            var total = HotlineImporter.Summary()
            var rejected: [FileRejection] = []
            var strictFailed = false
            for file in files {
                let summary: HotlineImporter.Summary
                let name = file
                let report: (@Sendable (Int) -> Void)? = showProgress ? { @Sendable (rows: Int) in ProgressLine.show("\(name): \(rows) rows") } : nil
                do {
                    summary = try await importer.importFile(file, encoding: textEncoding, mapping: columnMapping, strict: strict, progress: report)
                } catch {
                    throw Failure("\(file): \(error)")
                }
                if showProgress { ProgressLine.finish() }
                if strict && !summary.rejected.isEmpty && summary.imported == 0 { strictFailed = true }
                total.imported += summary.imported
                total.duplicates += summary.duplicates
                total.skipped += summary.skipped
                total.rejected += summary.rejected
                rejected += summary.rejected.map { FileRejection(file: file, line: $0.line, reason: $0.reason) }
            }
            return (total, rejected, strictFailed)
        }

        static func deferringIndexes<T: Sendable>(of store: any AgencyStore, _ body: () async throws -> T) async throws -> T {
            guard let sqlite = store as? SQLiteStore else { return try await body() }
            return try await sqlite.withIndexesDeferredForBulkImport(body)
        }

        struct FileRejection: Encodable { var file: String; var line: Int; var reason: String }
        struct JSONSummary: Encodable { var imported: Int; var duplicates: Int; var skipped: Int; var rejected: [FileRejection] }
    }
}

extension Import {
    /// `siang import cases FILE.jsonl [--strict] [--json]` (DESIGN.md 5.8)
    struct CaseHistory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cases", abstract: "Import earlier cases with their histories and survey answers (JSON Lines).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "A JSON Lines file, one case a line (docs/import-cases.md).") var file: String
        @Flag(name: .long, help: "Import nothing if any line is bad.") var strict = false
        @Flag(name: .long, help: "Print one JSON summary on stdout.") var json = false

        func run() async throws {
            let runtime = try await Runtime(common)
            let parts = try TriageParts(runtime.configuration, dataDirectory: runtime.dataDirectory)
            let pipeline = IntakePipeline(store: runtime.store, configuration: runtime.configuration, triage: parts.engine)
            let importer = CaseHistoryImporter(pipeline: pipeline, sla: parts.engine.sla)
            let showProgress = !json && isatty(STDERR_FILENO) == 1
            let name = file
            let report: (@Sendable (Int) -> Void)? = showProgress ? { @Sendable (lines: Int) in ProgressLine.show("\(name): \(lines) lines") } : nil
            let summary: CaseHistoryImporter.Summary
            do {
                summary = try await importer.importFile(file, strict: strict, progress: report)
                // The queue pages sort by SLA urgency from an index that new cases leave stale: bring it up to date now.
                try await SLAIndexer(store: runtime.store, sla: parts.engine.sla).catchUp()
            } catch {
                throw Failure("\(file): \(error)")
            }
            if showProgress { ProgressLine.finish() }
            if json {
                print(String(decoding: try JSONEncoder.sortedKeys.encode(summary), as: UTF8.self))
            } else {
                print("imported \(summary.imported), duplicates \(summary.duplicates), rejected \(summary.rejected.count)")
                for r in summary.rejected { FileHandle.standardError.write(Data("\(file):\(r.line): \(r.reason)\n".utf8)) }
            }
            if strict && !summary.rejected.isEmpty { throw Failure("--strict: nothing was imported because \(summary.rejected.count) line(s) are bad") }
        }
    }
}

extension HotlineMapping {
    /// The mapping file at `path` (`--mapping`, `hotline.mapping`), or the shipped names without one;
    /// a file that cannot be used ends the command with the reason and its line.
    static func file(_ path: String?) throws -> HotlineMapping {
        guard let path else { return .standard }
        do { return try HotlineMapping(contentsOfFile: path) } catch { throw Failure("\(error)") }
    }
}

/// The triage engine for commands that take cases in outside the server.
struct TriageParts {
    let engine: TriageEngine
    /// `dataDirectory` keeps the trained classifier for the next command (``SavedClassifier``).
    init(_ configuration: SiangConfiguration, dataDirectory: String) throws {
        let sla: SLAService
        do { sla = try SLAService(configuration: configuration) } catch { throw Failure(error.description) }
        let classifier = try LearningClassifier(taxonomy: configuration.taxonomy, threshold: configuration.classifier.confidenceThreshold,
                                                dataDirectory: dataDirectory)
        engine = TriageEngine(configuration: configuration, classifier: classifier, sla: sla)
    }
}

/// One self-overwriting line on a terminal's standard error.
enum ProgressLine {
    static func show(_ text: String) { FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8)) }
    static func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}

extension JSONEncoder {
    static var sortedKeys: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
