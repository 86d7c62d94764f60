import ArgumentParser
import Foundation
import SiangCore
import SiangPipeline
import WebForm

/// `siang classify [--json]`: one text per standard-input line, one result per output line.
struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Classify texts (one per line on standard input) into the taxonomy.")
    @OptionGroup var common: CommonOptions
    @Flag(name: .long, help: "One JSON object per line: {\"category\", \"confidence\", \"kind\"}.") var json = false

    func run() async throws {
        let config: SiangConfiguration
        do { config = try ConfigurationLoader.load(file: common.config) } catch { throw Failure(error.description) }
        let classifier: TextClassifier
        do { classifier = try TextClassifier.shipped(taxonomy: config.taxonomy, threshold: config.classifier.confidenceThreshold) } catch { throw Failure("the classifier could not be trained: \(error)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while let line = readLine(strippingNewline: true) {
            let r = classifier.classify(subject: nil, text: line)
            let confidence = (r.confidence * 10_000).rounded() / 10_000
            if json {
                let out = ClassifyLine(category: r.category, confidence: confidence, kind: r.kind.rawValue)
                print(String(decoding: try encoder.encode(out), as: UTF8.self))
            } else {
                print("\(r.category)\t\(confidence)\t\(r.kind.rawValue)")
            }
        }
    }

    struct ClassifyLine: Encodable {
        var category: String
        var confidence: Double
        var kind: String
    }
}

/// `siang sla due --category C [--priority P] --received ISO8601`: the due times the calendar gives.
struct SLA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sla", abstract: "SLA arithmetic.", subcommands: [Due.self])

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the first-response and resolution due times of a case.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Category code.") var category: String
        @Option(name: .long, help: "urgent, normal or complex.") var priority = "normal"
        @Option(name: .long, help: "When the case was received, ISO 8601 with an offset.") var received: String

        func run() async throws {
            let config: SiangConfiguration
            do { config = try ConfigurationLoader.load(file: common.config) } catch { throw Failure(error.description) }
            guard config.taxonomy.contains(category) else {
                throw Failure("unknown category \"\(category)\"; use one of: \(config.taxonomy.categories.map(\.code).joined(separator: ", "))")
            }
            guard let p = Priority(rawValue: priority) else { throw Failure("unknown priority \"\(priority)\"; use urgent, normal or complex") }
            guard let at = ISO8601.parse(received) else { throw Failure("--received must be ISO 8601 with an offset, e.g. 2026-11-20T15:00:00+07:00") }
            let service: SLAService
            do { service = try SLAService(configuration: config) } catch { throw Failure(error.description) }
            let due = service.due(receivedAt: at, category: category, priority: p)
            print(#"{"firstResponseDueAt":"\#(ISO8601.format(due.firstResponseDueAt))","resolutionDueAt":"\#(ISO8601.format(due.resolutionDueAt))"}"#)
        }
    }
}
