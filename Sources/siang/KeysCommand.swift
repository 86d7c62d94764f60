import ArgumentParser
import Foundation
import SiangStore

/// `siang keys rotate|status`: the data key personal data is sealed with (docs/pdpa.md "Encryption at rest").
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The data key that seals personal data: rotate it, or see which keys the store uses.",
        subcommands: [Rotate.self, Status.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal every contact, attachment, message and webhook body with a new data key; a run cut off is run again and goes on.",
            discussion: """
                With the key file (the embedded store's default): stop the server, run this; it writes the new key to \
                data.key.next first, reseals everything, then makes it data.key and keeps the old one in data.key.previous \
                (backups made before need it). With SIANG_DATA_KEY: start every server with the new key in SIANG_DATA_KEY and \
                the old one in SIANG_DATA_KEY_PREVIOUS, run this once, then drop SIANG_DATA_KEY_PREVIOUS.
                """)
        @OptionGroup var common: CommonOptions
        @Option(name: .long, help: "Rows resealed per transaction.") var batchSize = 500
        @Option(name: .long, help: "Stop after this many batches (run again to go on).") var maxBatches: Int?
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            guard (1...50_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1 to 50000") }
            if let maxBatches, maxBatches < 1 { throw ValidationError("--max-batches must be at least 1") }
            let runtime = try await Runtime(common, rotatingKeys: true)
            guard let store = runtime.store as? any SealedDataStore else { throw Failure("this store does not seal personal data") }
            // Files first: the store's walk, when it finishes, retires the old key.
            let files: Int
            do { files = try runtime.attachments.resealFiles() } catch { throw Failure("cannot reseal the attachment files: \(error.localizedDescription)") }
            let progress = try await ReportDesk.store { try await store.resealPersonalData(batchSize: batchSize, maxBatches: maxBatches) }
            if progress.finished, let keyFiles = runtime.dataKeys.files {
                do { try keyFiles.finishRotation() } catch { throw Failure("everything is resealed, but \(error)") }
            }
            let current = runtime.dataKeys.cipher.current.id
            if json {
                print(Self.document(progress, files: files, keyID: current))
            } else if progress.finished {
                print("keys: everything is sealed with key \(current) (\(progress.rowsResealed) rows and \(files) files resealed)")
            } else {
                print("keys: stopped after \(progress.batches) batches (\(progress.rowsResealed) rows and \(files) files resealed); run the same command again to go on")
            }
        }

        static func document(_ progress: SealedColumns.Progress, files: Int, keyID: String) -> String {
            let object: [String: Any] = ["keyId": keyID, "finished": progress.finished, "rowsResealed": progress.rowsResealed,
                                         "filesResealed": files, "batches": progress.batches]
            return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The data keys the store's register names (ids, never keys) and their state.")
        @OptionGroup var common: CommonOptions
        @Flag(name: .long, help: "Print one JSON document on stdout.") var json = false

        func run() async throws {
            let runtime = try await Runtime(common)
            guard let store = runtime.store as? any SealedDataStore else { throw Failure("this store does not seal personal data") }
            let keys = try await ReportDesk.store { try await store.dataKeys() }
            if json {
                let encoder = JSONEncoder()
                encoder.dateEncodingStrategy = .iso8601
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(["current": [runtime.dataKeys.cipher.current.id], "keys": keys.map(\.keyID)]), as: UTF8.self))
                return
            }
            print("current key: \(runtime.dataKeys.cipher.current.id) (from \(runtime.dataKeys.origin))")
            for key in keys {
                let state = key.retiredAt != nil ? "retired" : key.sealedAllAt != nil ? "seals everything" : "in use"
                print("\(key.keyID)  \(state)")
            }
        }
    }
}
