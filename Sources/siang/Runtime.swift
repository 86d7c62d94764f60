import ArgumentParser
import Foundation
import SiangCore
import SiangStore

/// Loads configuration and opens the store the way every command does, ending with a plain-words
/// message and a non-zero exit on failure.
struct Runtime {
    var configuration: SiangConfiguration
    let store: SQLiteStore
    let dataDirectory: String

    init(_ options: CommonOptions) throws {
        do {
            configuration = try ConfigurationLoader.load(file: options.config)
        } catch {
            throw Failure(error.description)
        }
        do {
            store = try SQLiteStore(dataDirectory: options.dataDir)
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
