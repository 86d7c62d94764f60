import ArgumentParser
import Foundation
import SiangCore
import SiangPipeline
import SiangStore

/// `siang pdpa export|erase --phone|--email|--line-user X`: PDPA data-subject requests (docs/pdpa.md).
/// Each case found is audited (`pdpa.export` / `pdpa.erase`, actor `cli:<user>`); nothing personal is
/// written to the log, only to stdout for the operator to hand over.
struct PDPA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdpa", abstract: "Answer a data-subject request: export or erase what is held about a person.",
        subcommands: [Export.self, Erase.self])

    /// The person asked about: exactly one of the three.
    struct Subject: ParsableArguments {
        @Option(name: .long, help: "A Thai phone number, written any way (081-234-5678, +66 81 234 5678).") var phone: String?
        @Option(name: .long, help: "An email address (matched without regard to case).") var email: String?
        @Option(name: .customLong("line-user"), help: "A LINE user ID (U followed by 32 hex digits).") var lineUser: String?

        func subject() throws -> DataSubject {
            do { return try DataSubject(phone: phone, email: email, lineUser: lineUser) } catch { throw ValidationError(error.description) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print everything held about a person (JSON with --json).")
        @OptionGroup var common: CommonOptions
        @OptionGroup var person: Subject
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let subject = try person.subject()
            let runtime = try await Runtime(common)
            let requests = DataSubjectRequests(store: runtime.store, attachments: runtime.attachments)
            let export = try await ReportDesk.store { try await requests.export(subject, actor: ReportActor.current) }
            if json { print(export.json()); return }
            guard !export.cases.isEmpty else { print("no cases"); return }
            for held in export.cases {
                print("\(held.trackingId)  \(held.receivedAt)  \(held.status)  \(held.channel)")
                if let contact = held.contact {
                    print("  contact: " + [contact.name, contact.phone, contact.email, contact.lineUserId].compactMap { $0 }.joined(separator: ", "))
                }
                print("  " + held.text)
                for entry in held.timeline { print("  \(entry.at) \(entry.type) \(entry.status ?? "") \(entry.text ?? "")") }
                for file in held.attachments { print("  attachment: \(file.erased ? "(erased)" : file.filename) \(file.contentType) \(file.size) bytes") }
                if !held.surveyAnswers.isEmpty { print("  survey answers: \(held.surveyAnswers.count)") }
            }
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person's contacts, attachment files and messages on every case of theirs; cases and figures stay.")
        @OptionGroup var common: CommonOptions
        @OptionGroup var person: Subject
        @Flag(name: .long, help: "Confirm the erasure (it cannot be undone).") var yes = false
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func validate() throws {
            guard yes else { throw ValidationError("erasure cannot be undone: run again with --yes to confirm") }
        }

        func run() async throws {
            let subject = try person.subject()
            let runtime = try await Runtime(common)
            let requests = DataSubjectRequests(store: runtime.store, attachments: runtime.attachments)
            let erasure = try await ReportDesk.store { try await requests.erase(subject, actor: ReportActor.current) }
            if json { print(PDPAJSON.erasure(erasure)); return }
            guard !erasure.cases.isEmpty else { print("no cases"); return }
            for (id, erased) in erasure.cases {
                print("\(id): contact \(erased.contactErased ? "erased" : "already empty"), \(erased.attachmentsErased) attachments, "
                      + "\(erased.messagesErased) messages, \(erased.surveyAnswersCleared) survey answers cleared")
            }
            print("\(erasure.cases.count) cases, \(erasure.filesDeleted) files deleted")
        }
    }
}

/// `siang retention run [--dry-run] [--json]`: the retention sweep `siang serve` runs daily (docs/pdpa.md).
struct Retention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase the personal data of cases closed longer ago than retention.contactDays.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the retention sweep once (--dry-run: count only).")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "Count the cases past retention; erase nothing.") var dryRun = false
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let runtime = try await Runtime(common)
            let sweep = RetentionSweep(store: runtime.store, attachments: runtime.attachments,
                                       contactDays: runtime.configuration.retention.contactDays)
            let outcome = try await ReportDesk.store { try await sweep.run(dryRun: dryRun) }
            if json { print(PDPAJSON.retention(outcome, dryRun: dryRun, contactDays: runtime.configuration.retention.contactDays)); return }
            if dryRun {
                print("retention: \(outcome.cases) cases closed more than \(runtime.configuration.retention.contactDays) days ago hold personal data to erase (dry run, nothing erased)")
            } else {
                print("retention: \(outcome.cases) cases erased (\(outcome.contacts) contacts, \(outcome.attachments) attachments, "
                      + "\(outcome.messages) messages, \(outcome.filesDeleted) files deleted); \(outcome.inboxItems) processed webhook and email bodies removed")
            }
        }
    }
}

/// The `--json` documents of `siang pdpa erase` and `siang retention run`: counts and tracking IDs only.
enum PDPAJSON {
    static func erasure(_ erasure: DataSubjectRequests.Erasure) -> String {
        encode(["cases": erasure.cases.map { id, erased in
            ["trackingId": id.description, "contactErased": erased.contactErased, "attachmentsErased": erased.attachmentsErased,
             "messagesErased": erased.messagesErased, "surveyAnswersCleared": erased.surveyAnswersCleared] as [String: Any]
        }, "filesDeleted": erasure.filesDeleted])
    }

    static func retention(_ outcome: RetentionSweep.Outcome, dryRun: Bool, contactDays: Int) -> String {
        encode(["dryRun": dryRun, "contactDays": contactDays, "cases": outcome.cases, "contacts": outcome.contacts,
                "attachments": outcome.attachments, "messages": outcome.messages, "filesDeleted": outcome.filesDeleted,
                "inboxItems": outcome.inboxItems])
    }

    private static func encode(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
