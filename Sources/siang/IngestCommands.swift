import ArgumentParser
import Email
import Foundation
import SiangCore
import SiangDelivery
import SiangPipeline
import SiangStore

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Take messages in from files or a mailbox.", subcommands: [EmailFiles.self, IMAP.self])

    /// `siang ingest email FILE.eml… [--json]`: the same path the IMAP poller uses.
    struct EmailFiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "email", abstract: "Take in .eml files as the mailbox poller would.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "Raw RFC 5322 messages.") var files: [String]
        @Flag(name: .long, help: "Print {\"results\":[{file, outcome, trackingId, warnings}]} on stdout.") var json = false

        func run() async throws {
            let runtime = try await Runtime(common)
            let ingestor = try EmailParts(runtime).ingestor
            var results: [FileResult] = []
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw Failure("cannot read \(file)") }
                let r: EmailIngestor.Result
                do { r = try await ingestor.ingest([UInt8](data)) } catch { throw Failure("\(file): \(error)") }
                results.append(FileResult(file: file, outcome: r.outcome.rawValue, trackingId: r.trackingId, warnings: r.warnings))
                if !json { print("\(file): \(r.outcome.rawValue)\(r.trackingId.map { " \($0)" } ?? "")") }
            }
            if json { print(String(decoding: try JSONEncoder.sortedKeys.encode(["results": results]), as: UTF8.self)) }
        }

        struct FileResult: Encodable {
            var file: String
            var outcome: String
            var trackingId: String?
            var warnings: [String]
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(file, forKey: .file)
                try c.encode(outcome, forKey: .outcome)
                try c.encode(trackingId, forKey: .trackingId)
                try c.encode(warnings, forKey: .warnings)
            }
            enum CodingKeys: String, CodingKey { case file, outcome, trackingId, warnings }
        }
    }

    /// `siang ingest imap [--once]`: poll the configured mailbox.
    struct IMAP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "imap", abstract: "Poll the configured IMAP mailbox (email.imapURL).")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "Poll once and exit.") var once = false
        @Option(name: .long, help: "Seconds between polls.") var interval = 60

        func run() async throws {
            let runtime = try await Runtime(common)
            let parts = try EmailParts(runtime)
            guard let poller = parts.poller else { throw Failure("set email.imapURL (or SIANG_EMAIL_IMAP_URL) to poll a mailbox") }
            if once {
                let results: [(uid: Int, result: EmailIngestor.Result)]
                do { results = try await poller.pollOnce() } catch { throw Failure("IMAP: \(error)") }
                for (uid, r) in results { print("uid \(uid): \(r.outcome.rawValue)\(r.trackingId.map { " \($0)" } ?? "")") }
            } else {
                await poller.run(every: .seconds(interval))
            }
        }
    }
}

/// `siang outbox deliver [--once]`: send what the outbox holds (the server does this on its own).
struct Outbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Deliver queued messages.", subcommands: [Deliver.self])

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deliver due outbox messages.")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "One pass, then exit.") var once = false

        func run() async throws {
            let runtime = try await Runtime(common)
            let dispatcher = OutboxDispatcher(store: runtime.store, deliverers: [EmailDeliverer(configuration: runtime.configuration, store: runtime.store)])
            if once {
                let n: Int
                do { n = try await dispatcher.runOnce() } catch { throw Failure(error.description) }
                print("delivered \(n)")
            } else {
                await dispatcher.run()
            }
        }
    }
}

/// The email channel's parts for commands that run outside the server.
struct EmailParts {
    let ingestor: EmailIngestor
    let poller: IMAPPoller?
    init(_ runtime: Runtime) throws {
        let triage = try TriageParts(runtime.configuration, dataDirectory: runtime.dataDirectory)
        let pipeline = IntakePipeline(store: runtime.store, configuration: runtime.configuration, triage: triage.engine,
                                      duplicates: DuplicateFinder(store: runtime.store, settings: runtime.configuration.duplicates))
        ingestor = EmailIngestor(pipeline: pipeline, store: runtime.store, attachments: runtime.attachments)
        let email = runtime.configuration.email
        poller = email.imapURL.isEmpty ? nil : IMAPPoller(account: CurlMail.Account(url: email.imapURL, user: email.imapUser, password: email.imapPassword),
                                                          ingestor: ingestor, store: runtime.store)
    }
}
