import ArgumentParser
import Foundation
import Hotline
import SiangCore
import SiangPipeline
import SiangStore

/// `siang import survey FILE.csv… [--mapping FILE] [--source NAME] [--encoding auto|utf-8|windows-874] [--json]`:
/// answers from other survey tools. The encoding is detected as the hotline import detects it (``TextFileDecoding``).
struct SurveyImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "Import survey answers from another tool (CSV, for example a Google Forms export).",
        discussion: "Columns are matched to questions by header (the question id or its Thai or English wording) or by a mapping file; see docs/surveys.md.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "CSV export (for example from Google Forms).") var files: [String]
    @Option(name: .long, help: "YAML file mapping columns to questions, scales and reason codes.") var mapping: String?
    @Option(name: .long, help: "The label the rows are stored under (import:<source>); default the mapping's source, or csv.") var source: String?
    @Option(name: .long, help: "auto, utf-8 or windows-874 (TIS-620).") var encoding = "auto"
    @Flag(name: .long, help: "Print one JSON summary on stdout.") var json = false

    func run() async throws {
        guard let textEncoding = HotlineTextEncoding(argument: encoding) else {
            throw Failure("--encoding must be auto, utf-8 or windows-874")
        }
        var columnMapping: SurveyImportMapping
        if let mapping {
            do { columnMapping = try SurveyImportMapping(contentsOfFile: mapping) } catch { throw Failure(error.description) }
        } else {
            columnMapping = SurveyImportMapping()
        }
        if let source {
            guard !source.isEmpty, source.count <= 60, source.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw Failure("--source must be letters, digits, - and _ (at most 60)")
            }
            columnMapping.source = source
        }
        let runtime = try await Runtime(common)
        let importer = SurveyImporter(store: runtime.store, configuration: runtime.configuration)
        var out = JSONSummary(source: "import:\(columnMapping.source)", imported: 0, duplicates: 0, rejected: [], warnings: [])
        // Every file is read and decoded before any is imported: a file in neither encoding stops the run with nothing stored.
        var texts: [(file: String, text: String)] = []
        for file in files {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw Failure("cannot read \(file)") }
            let decoded: (text: String, encoding: HotlineTextEncoding)
            do { decoded = try TextFileDecoding.decode(data, encoding: textEncoding) } catch { throw Failure("\(file): \(error.description)") }
            if decoded.encoding == .windows874 { out.warnings.append("\(file): read as windows-874 (TIS-620)") }
            texts.append((file, decoded.text))
        }
        for (file, text) in texts {
            let summary: SurveyImporter.Summary
            do { summary = try await importer.importCSV(Data(text.utf8), mapping: columnMapping, at: Date()) } catch {
                throw Failure("\(file): \(error.description)")
            }
            out.imported += summary.imported
            out.duplicates += summary.duplicates
            out.rejected += summary.rejected.map { FileRejection(file: file, line: $0.line, reason: $0.reason) }
            out.warnings += summary.warnings.map { "\(file): \($0)" }
        }
        if json {
            print(String(decoding: try JSONEncoder.sortedKeys.encode(out), as: UTF8.self))
        } else {
            print("imported \(out.imported), duplicates \(out.duplicates), rejected \(out.rejected.count) (source \(out.source))")
            for w in out.warnings { FileHandle.standardError.write(Data("note: \(w)\n".utf8)) }
            for r in out.rejected { FileHandle.standardError.write(Data("\(r.file):\(r.line): \(r.reason)\n".utf8)) }
        }
    }

    struct FileRejection: Encodable { var file: String; var line: Int; var reason: String }
    struct JSONSummary: Encodable {
        var source: String
        var imported: Int
        var duplicates: Int
        var rejected: [FileRejection]
        var warnings: [String]
    }
}

/// `siang survey …`: service points and their QR codes, the call-back list, the figures.
struct SurveyAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "Satisfaction surveys: service points, QR codes, call-backs, figures.",
        subcommands: [Points.self, QR.self, CallBacks.self, Summary.self])

    static func base(_ c: SiangConfiguration) -> String {
        let base = c.agency.publicBaseURL
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// `siang survey points [--json]`: the configured service points and their links.
    struct Points: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the service points (surveys.servicePoints) and their survey links.")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() async throws {
            let configuration: SiangConfiguration
            do { configuration = try ConfigurationLoader.load(file: common.config) } catch { throw Failure(error.description) }
            let points = configuration.surveys.servicePoints.map { p in
                Point(code: p.code, th: p.th, en: p.en, unit: p.unit, surveyUrl: Self.url(configuration, p.code),
                      posterUrl: Self.url(configuration, p.code) + "/poster")
            }
            if json {
                print(String(decoding: try JSONEncoder.sortedKeys.encode(["servicePoints": points]), as: UTF8.self))
            } else if points.isEmpty {
                print("no service points: add them under surveys.servicePoints in the configuration file")
            } else {
                for p in points { print("\(p.code)\t\(p.th)\t\(p.unit)\t\(p.surveyUrl)") }
            }
        }

        struct Point: Encodable { var code, th, en, unit, surveyUrl, posterUrl: String }

        static func url(_ c: SiangConfiguration, _ code: String) -> String {
            SurveyAdmin.base(c) + "/survey/point/\(code)"
        }
    }

    /// `siang survey qr --point CODE [--out FILE.svg]`: the QR code of a service point's survey link.
    struct QR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "qr", abstract: "Write the QR code (SVG) of a service point's survey link.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "The service point's code.") var point: String
        @Option(name: .long, help: "SVG file to write (default: stdout).") var out: String?

        func run() async throws {
            let configuration: SiangConfiguration
            do { configuration = try ConfigurationLoader.load(file: common.config) } catch { throw Failure(error.description) }
            guard let p = configuration.surveys.servicePoint(point) else {
                throw Failure("no service point \(point) in surveys.servicePoints")
            }
            let url = Points.url(configuration, p.code)
            let svg: String
            do { svg = try QRCode.encode(url).svg(title: "\(p.th) — \(url)") } catch { throw Failure("\(error)") }
            if let out {
                do { try Data(svg.utf8).write(to: URL(fileURLWithPath: out)) } catch { throw Failure("cannot write \(out)") }
                print("wrote \(out) (\(url))")
            } else {
                print(svg)
            }
        }
    }

    /// `siang survey callbacks [--json]`: hotline and phone cases to call for the survey.
    struct CallBacks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "callbacks", abstract: "List the hotline and phone cases waiting for a survey call-back.")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "Print JSON.") var json = false

        func run() async throws {
            let runtime = try await Runtime(common)
            let list = try await runtime.store.surveyCallBacks(now: Date(), limit: 1000)
            let items = list.map { i in
                Item(trackingId: i.trackingID.description, surveyUrl: SurveyAdmin.base(runtime.configuration) + "/survey/\(i.token)",
                     expiresAt: ISO8601DateFormatter().string(from: i.expiresAt))
            }
            if json {
                print(String(decoding: try JSONEncoder.sortedKeys.encode(["callbacks": items]), as: UTF8.self))
            } else {
                for i in items { print("\(i.trackingId)\t\(i.surveyUrl)\tuntil \(i.expiresAt)") }
            }
        }

        struct Item: Encodable { var trackingId, surveyUrl, expiresAt: String }
    }

    /// `siang survey summary [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--by month,channel]`: the figures, as JSON.
    struct Summary: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print satisfaction, dissatisfaction, trust, engagement, reasons and response rate (JSON).")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "First day (yyyy-MM-dd, Bangkok); default: the start of the current fiscal year.") var from: String?
        @Option(name: .long, help: "Day after the last (yyyy-MM-dd); default: the end of the current fiscal year.") var to: String?
        @Option(name: .long, help: "Comma-separated: month, quarter, fiscalYear, channel, category, segment, queue, servicePoint, source.") var by = ""

        func run() async throws {
            let runtime = try await Runtime(common)
            let fy = FiscalYear(containing: Date())
            let start = try Self.day(from) ?? fy.start
            let end = try Self.day(to) ?? fy.end
            var dimensions: [SurveyDimension] = []
            for raw in by.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
                guard let d = SurveyDimension(rawValue: raw) else { throw Failure("--by: \(raw) is not a dimension") }
                dimensions.append(d)
            }
            let groups = try await SurveyFigures.compute(store: runtime.store, from: start, to: end, by: dimensions)
            let encoder = JSONEncoder.sortedKeys
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(["groups": groups]), as: UTF8.self))
        }

        static func day(_ raw: String?) throws -> Date? {
            guard let raw else { return nil }
            let parts = raw.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, let d = BangkokTime.calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else {
                throw Failure("\(raw) is not a date (yyyy-MM-dd)")
            }
            return d
        }
    }
}
