import ArgumentParser
import Foundation
import SiangCore
import SiangStore

/// Loads configuration and opens the store the way every command does, ending with a plain-words
/// message and a non-zero exit on failure.
struct Runtime {
    var configuration: SiangConfiguration
    let store: any AgencyStore
    /// Where the store is, in words for messages (never a password).
    let storeDescription: String
    let dataDirectory: String
    /// The data key personal data is sealed with (``DataKeySource``).
    let dataKeys: DataKeySource
    /// Where citizens' files are, sealed with the same key.
    var attachments: AttachmentStore { AttachmentStore(dataDirectory: dataDirectory, cipher: dataKeys.cipher) }

    /// `rotatingKeys`: for `siang keys rotate`, the store is opened sealing with the rotation's key.
    init(_ options: CommonOptions, rotatingKeys: Bool = false) async throws {
        do {
            configuration = try ConfigurationLoader.load(file: options.config)
        } catch {
            throw Failure(error.description)
        }
        do {
            // Names, phones and whistleblowers' reports are in there: owner-only, and said when it was not.
            if let loose = try OwnerOnly.directory(options.dataDir) {
                say("siang: the data directory \(options.dataDir) was open to other accounts (mode \(String(loose, radix: 8))); it is now owner-only (700)")
            }
        } catch {
            throw Failure("cannot make the data directory \(options.dataDir) owner-only: \(error.localizedDescription)")
        }
        let url = options.databaseUrl ?? ProcessInfo.processInfo.environment["SIANG_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let resolved = try DataKeySource.resolve(environment: ProcessInfo.processInfo.environment, dataDirectory: options.dataDir,
                                                     mayCreateFile: url == nil)
            dataKeys = rotatingKeys ? try resolved.rotating() : resolved
        } catch {
            throw Failure("siang: \(error)")
        }
        if let created = dataKeys.createdKeyFile {
            // On stderr, as a log line: a command's stdout may be a JSON document.
            FileHandle.standardError.write(Data(("siang: created a new data key in \(created) (mode 600); personal data is sealed with it: back it up apart from the database, for without it contacts cannot be read" + "\n").utf8))
        }
        do {
            if let url {
                store = try await PostgresStore(url: url, cipher: dataKeys.cipher)
                storeDescription = "PostgreSQL " + PostgresStore.redacted(url)
            } else {
                store = try SQLiteStore(dataDirectory: options.dataDir, cipher: dataKeys.cipher)
                storeDescription = "SQLite in \(options.dataDir)"
            }
        } catch {
            throw Failure(error.description)
        }
        dataDirectory = options.dataDir
    }
}

/// An error that ends a command with its message on stderr and exit code 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension Failure: LocalizedError {
    var errorDescription: String? { description }
}
