import ArgumentParser
import Foundation
import SiangStore

/// `siang migrate --from sqlite:PATH --to postgres://…`: moves an agency's whole store from its SQLite
/// file to PostgreSQL (DESIGN.md 5.11, issue 14), then counts every table on both sides.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the whole store from SQLite into PostgreSQL; a run cut off can be run again and goes on where it stopped.",
        discussion: "Stop the server first. The copy keeps every id, checks that rows already in PostgreSQL are the same rows, and ends with the row count of every table on both sides (a non-zero exit when any differs).")

    @Option(name: .long, help: "The SQLite store: sqlite:PATH, the file or its data directory (sqlite:./var).")
    var from: String
    @Option(name: .long, help: "The PostgreSQL database: postgres://user:password@host:5432/database.")
    var to: String
    @Option(name: .long, help: "Rows copied per transaction.")
    var batchSize = 2000

    func run() async throws {
        guard (1...50_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1 to 50000") }
        let sourcePath: String
        do { sourcePath = try StoreMigration.sourcePath(from) } catch { throw ValidationError(error.description) }
        // Sealed values move as they are: PostgreSQL's servers need the key the SQLite store was sealed with.
        let keys: DataKeySource
        do {
            keys = try DataKeySource.resolve(environment: ProcessInfo.processInfo.environment,
                                             dataDirectory: (sourcePath as NSString).deletingLastPathComponent, mayCreateFile: true)
        } catch {
            throw Failure("siang: \(error)")
        }
        var migration: StoreMigration
        do { migration = try StoreMigration(from: from, to: to, cipher: keys.cipher) } catch { throw ValidationError(error.description) }
        migration.batchSize = batchSize
        Self.note("copying \(migration.sourcePath) into PostgreSQL; if this is cut off, run the same command again: it goes on where it stopped")
        let outcome: StoreMigration.Outcome
        do {
            outcome = try await migration.run(progress: { Self.note($0) })
        } catch let error as StoreMigrationError {
            throw Failure("\(error.description); nothing more was copied")
        } catch let error as StoreError {
            throw Failure("\(error.description); nothing more was copied")
        }
        print(Self.table(outcome.counts))
        guard outcome.verified else {
            let differing = outcome.counts.filter { !$0.matches }.map(\.table)
            throw Failure("the row counts differ in \(differing.joined(separator: ", ")); run the command again")
        }
        say("every table holds the same number of rows on both sides")
        if let files = keys.files {
            say("personal data stays sealed with the data key in \(files.current): start every PostgreSQL server with SIANG_DATA_KEY set to that file's content")
        }
        try await Self.carryFormSecret(from: migration.sourcePath, to: to, cipher: keys.cipher)
    }

    /// The SQLite store's form-signing secret (`secret.key` beside it) becomes the database's, so a form a
    /// citizen opened before the move is still accepted after it. A database that already has one (a
    /// server was started on it first) keeps its own, and the command says so.
    static func carryFormSecret(from sourcePath: String, to url: String, cipher: PersonalDataCipher) async throws {
        let path = ((sourcePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("secret.key")
        guard let secret = FileManager.default.contents(atPath: path), secret.count >= 32 else { return }
        do {
            let target = try await PostgresStore(url: url, cipher: cipher, maxConnections: 1)
            defer { target.close() }
            let kept = try await target.sharedSecret(named: SharedSecretName.formSigning, orMake: { secret })
            say(kept == secret ? "the form-signing secret moved too: forms open now stay valid"
                               : "PostgreSQL already has a form-signing secret (a server started on it first): forms opened before the move will be refused once")
        } catch {
            throw Failure("the rows are moved, but the form-signing secret was not: \(error.description)")
        }
    }

    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The per-table counts, aligned.
    static func table(_ counts: [StoreMigration.TableCount]) -> String {
        let width = max("table".count, counts.map(\.table.count).max() ?? 0)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var lines = [pad("table", width) + "  " + pad("sqlite", 10) + "  " + pad("postgres", 10)]
        for c in counts {
            lines.append(pad(c.table, width) + "  " + pad(String(c.source), 10) + "  " + pad(String(c.target), 10) + (c.matches ? "" : "  DIFFERS"))
        }
        return lines.joined(separator: "\n")
    }
}
