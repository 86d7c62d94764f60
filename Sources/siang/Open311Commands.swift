import ArgumentParser
import Foundation
import SiangCore
import SiangServer
import SiangStore

/// `siang open311 key add|revoke|list`: the API keys civic apps and other agencies' systems post
/// Open311 service requests with (DESIGN.md 5.10, docs/open311.md). A key is printed once when it is
/// added and kept only as its SHA-256.
struct Open311: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the Open311 GeoReport v2 API.", subcommands: [Key.self])

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue, revoke and list Open311 API keys.",
                                                        subcommands: [Add.self, Revoke.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue a key and print it once.")
            @OptionGroup var common: CommonOptions
            @Option(name: .long, help: "Who the key is for (a civic app, another agency's system): 2 to 64 letters, digits, '.', '_' or '-'.")
            var name: String

            func run() async throws {
                try Open311.checkName(name)
                let runtime = try await Runtime(common)
                let key = Open311Keys.newKey()
                do {
                    _ = try await runtime.store.addOpen311Key(name: name, hash: Open311Keys.hash(key), at: Date())
                    try await runtime.store.recordAudit(AuditEntry(at: Date(), actor: "cli", action: "open311.key.add:\(name)", trackingID: nil))
                } catch {
                    throw Failure(error.description)
                }
                print(key)
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a key by its name; requests with it are refused from then on.")
            @OptionGroup var common: CommonOptions
            @Option(name: .long, help: "The name the key was added under.") var name: String

            func run() async throws {
                let runtime = try await Runtime(common)
                let done: Bool
                do {
                    done = try await runtime.store.revokeOpen311Key(name: name, at: Date())
                    if done {
                        try await runtime.store.recordAudit(AuditEntry(at: Date(), actor: "cli", action: "open311.key.revoke:\(name)", trackingID: nil))
                    }
                } catch {
                    throw Failure(error.description)
                }
                guard done else { throw Failure("no active Open311 key named \(name); nothing was revoked") }
                print("revoked \(name)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the keys with the number of requests made with each.")
            @OptionGroup var common: CommonOptions
            @Flag(name: .long, help: "One JSON document: {\"keys\":[{\"name\",\"createdAt\",\"revokedAt\",\"requestCount\",\"lastUsedAt\"}]}.")
            var json = false

            func run() async throws {
                let runtime = try await Runtime(common)
                let keys: [Open311Key]
                do { keys = try await runtime.store.open311Keys() } catch { throw Failure(error.description) }
                if json {
                    print(Open311Keys.listJSON(keys))
                    return
                }
                for key in keys {
                    let state = key.revokedAt.map { "revoked \(BangkokTime.iso8601($0))" } ?? "active"
                    print("\(key.name)\t\(state)\t\(key.requestCount) request(s)")
                }
            }
        }
    }

    static func checkName(_ name: String) throws {
        guard name.range(of: #"^[a-zA-Z0-9._-]{2,64}$"#, options: .regularExpression) != nil else {
            throw Failure("a key name is 2 to 64 letters, digits, '.', '_' or '-'")
        }
    }
}
