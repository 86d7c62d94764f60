import ArgumentParser
import Foundation

/// `siang`: the one command of the service (DESIGN.md 5.1).
@main
struct Siang: AsyncParsableCommand {
    static func main() async {
        // Everything a command creates (database, attachments, exports, reports) is the service
        // account's alone unless it says otherwise (issue 11, finding 8).
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "siang",
        abstract: "Siang (เสียง): complaints and stakeholder voice for Thai public agencies.",
        subcommands: [Serve.self, User.self, Import.self, Ingest.self, Outbox.self, Classify.self, SLA.self, SurveyAdmin.self,
                      Report.self, Targets.self, Improvements.self, Export.self, Migrate.self, Audit.self,
                      PDPA.self, Retention.self, Keys.self, Open311.self])
}

/// Options every command accepts.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "YAML file overriding the shipped configuration.")
    var config: String?

    @Option(name: .long, help: "Directory for the database and attachments.")
    var dataDir: String = "./var"

    @Option(name: .long, help: "PostgreSQL URL for the scale-out store (postgres://user:password@host:5432/database); SIANG_DATABASE_URL sets it too. Without it the embedded SQLite store in --data-dir is used.")
    var databaseUrl: String?
}

/// Prints a line and flushes at once, so messages such as the one-time demo login reach a pipe
/// or a log before the server starts serving.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
