import ArgumentParser
import Foundation
import HummingbirdBcrypt
import SiangServer
import SiangStore

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage staff accounts.", subcommands: [Add.self, Token.self, Contact.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff account; the password is read from standard input.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Login name.") var username: String
        @Option(name: .long, help: "agent, supervisor, integrity, analyst or admin.") var role: String
        @Option(name: .long, help: "Email address for notices to staff (escalations, service recovery).") var email: String?

        func run() async throws {
            let address = try email.map(checkedEmail)
            guard let staffRole = StaffRole(rawValue: role) else {
                throw Failure("unknown role \"\(role)\"; use one of: \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard username.range(of: #"^[a-zA-Z0-9._-]{2,64}$"#, options: .regularExpression) != nil else {
                throw Failure("a username is 2 to 64 letters, digits, '.', '_' or '-'")
            }
            guard let line = readLine(strippingNewline: true), line.count >= 10 else {
                throw Failure("give a password of at least 10 characters on standard input")
            }
            guard line.utf8.count <= 72 else { throw Failure("the password must be at most 72 bytes (bcrypt's limit)") }
            let runtime = try await Runtime(common)
            do {
                try await runtime.store.addUser(NewUser(username: username, passwordHash: Bcrypt.hash(line, cost: 12), role: staffRole, createdAt: Date()))
                if let address { try await runtime.store.setStaffEmail(username: username, email: address) }
            } catch {
                throw Failure(error.description)
            }
            print("added \(username) (\(staffRole.rawValue))")
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new API bearer token for a staff account, or revoke tokens.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Login name.") var username: String
        @Option(name: .long, help: "Revoke this token (read from standard input when given as -).") var revoke: String?
        @Flag(name: .long, help: "Revoke every token of the account.") var revokeAll = false

        func run() async throws {
            let runtime = try await Runtime(common)
            if revokeAll {
                let n: Int
                do { n = try await runtime.store.revokeAPITokens(of: username, at: Date()) } catch { throw Failure(error.description) }
                print("revoked \(n) token(s) of \(username)")
                return
            }
            if var token = revoke {
                if token == "-" { token = readLine(strippingNewline: true) ?? "" }
                let done: Bool
                do { done = try await runtime.store.revokeAPIToken(hash: StaffTokens.hash(token.trimmingCharacters(in: .whitespaces)), at: Date()) } catch {
                    throw Failure(error.description)
                }
                guard done else { throw Failure("no active token like that; nothing was revoked") }
                print("revoked")
                return
            }
            let token = StaffTokens.newToken()
            do {
                try await runtime.store.addToken(hash: StaffTokens.hash(token), for: username, at: Date())
            } catch {
                throw Failure(error.description)
            }
            print(token)
        }
    }

    struct Contact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set where a staff account is told of escalations and service recovery: its email and preference.")
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Login name.") var username: String
        @Option(name: .long, help: "Email address; an empty string removes it.") var email: String?
        @Option(name: .long, help: "email, line or both.") var preference: String?

        func run() async throws {
            guard email != nil || preference != nil else { throw Failure("give --email, --preference or both") }
            let address = try email.map { $0.isEmpty ? "" : try checkedEmail($0) }
            let choice = try preference.map { p in
                guard let choice = NoticePreference(rawValue: p) else {
                    throw Failure("unknown preference \"\(p)\"; use one of: \(NoticePreference.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return choice
            }
            let runtime = try await Runtime(common)
            do {
                if let address { try await runtime.store.setStaffEmail(username: username, email: address.isEmpty ? nil : address) }
                if let choice { try await runtime.store.setNoticePreference(username: username, preference: choice) }
                try await runtime.store.recordAudit(AuditEntry(at: Date(), actor: "cli", action: "set_staff_contact:\(username)", trackingID: nil))
            } catch {
                throw Failure(error.description)
            }
            print("updated \(username)")
        }
    }
}

/// The address to keep for a staff account, or a failure that says what is wrong.
func checkedEmail(_ text: String) throws -> String {
    guard let address = StaffEmail.normalised(text) else { throw Failure("\"\(text.prefix(80))\" is not an email address") }
    return address
}
