import ArgumentParser
import Foundation
import SiangStore

/// `siang audit verify|checkpoint`: the hash-chained audit log (DESIGN.md 5.12). `verify` walks the
/// chain from the first entry and names the first entry that does not fit; `checkpoint` records the
/// head and prints it, for the agency to keep somewhere the database's administrators cannot write.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the audit log's hash chain, or record its head.", subcommands: [Verify.self, Checkpoint.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit log's hash chain; exit 1 naming the first entry that does not fit.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "A head kept outside the database, ENTRY_ID:HASH as checkpoint printed it (repeatable).")
        var expectHead: [String] = []
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let external = try expectHead.map(Audit.head)
            let runtime = try await Runtime(common)
            let outcome = try await ReportDesk.store { try await AuditVerifier(store: runtime.store).verify(external: external) }
            if json {
                print(AuditJSON.encode(outcome))
            } else if let broken = outcome.firstBreak {
                print("audit log: entry \(broken.entryID) does not fit the chain (\(Audit.words(broken.reason))); \(outcome.entries) entries read")
            } else if let head = outcome.head {
                print("audit log: \(outcome.entries) entries, the chain holds; head \(head.entryID):\(head.hash)")
            } else {
                print("audit log: empty")
            }
            if !outcome.holds { throw ExitCode(1) }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the audit log's head as a checkpoint and print it (ENTRY_ID:HASH) to keep elsewhere.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let runtime = try await Runtime(common)
            guard let head = try await ReportDesk.store({ try await runtime.store.checkpointAudit(at: Date()) }) else {
                print("audit log: empty, nothing to checkpoint")
                return
            }
            print("\(head.entryID):\(head.hash)")
        }
    }

    static func head(_ text: String) throws -> AuditCheckpoint {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0, parts[1].count == 64,
              parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw ValidationError("--expect-head takes ENTRY_ID:HASH (a positive number, a colon and 64 lower-case hex digits), as siang audit checkpoint prints it")
        }
        return AuditCheckpoint(entryID: id, hash: parts[1], at: Date())
    }

    static func words(_ reason: AuditVerifier.Reason) -> String {
        switch reason {
        case .hashMismatch: "its hash is not that of its fields and the entry before: it, or one before it, was changed, removed or moved"
        case .unlinked: "it carries no hash"
        case .checkpointMismatch: "a checkpoint names it with another hash, or it is gone"
        }
    }
}

/// `siang audit verify --json`: `{"entries":N,"holds":true,"head":{"entryId":…,"hash":…}}` or with
/// `"firstBreak":{"entryId":…,"reason":"hash_mismatch|unlinked|checkpoint_mismatch"}`.
enum AuditJSON {
    static func encode(_ outcome: AuditVerifier.Outcome) -> String {
        var object: [String: Any] = ["entries": outcome.entries, "holds": outcome.holds]
        if let head = outcome.head { object["head"] = ["entryId": head.entryID, "hash": head.hash] }
        if let broken = outcome.firstBreak {
            let reason = switch broken.reason {
            case .hashMismatch: "hash_mismatch"
            case .unlinked: "unlinked"
            case .checkpointMismatch: "checkpoint_mismatch"
            }
            object["firstBreak"] = ["entryId": broken.entryID, "reason": reason]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The hourly checkpoint of `siang serve`: records the audit log's head and says it in the service log
/// when it has moved (entry id and hash only, nothing personal).
struct AuditCheckpoints {
    let store: any AuditChainStore

    func run(every interval: Duration) async {
        var said: AuditCheckpoint?
        while !Task.isCancelled {
            do {
                if let head = try await store.checkpointAudit(at: Date()), head.entryID != said?.entryID || head.hash != said?.hash {
                    say("siang: audit checkpoint \(head.entryID):\(head.hash)")
                    said = head
                }
            } catch {
                say("siang: the audit checkpoint was not recorded: \(error.description)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
