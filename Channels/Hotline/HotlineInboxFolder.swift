import Foundation
import Logging
import SiangStore

/// A folder the call-centre system drops its logs into (config `hotline.watchFolder`, run by
/// `siang serve`). Each new `.csv` file is imported and moved to `done/` (imported, perhaps with
/// rejected rows) or `failed/` (not readable as a hotline log), with `<name>.report.json` beside it:
/// the import summary, or `{"error": …}`. A file still growing is left until its size holds still
/// between two looks; names starting with a dot are never taken, so a sender can write
/// `.calls.csv` and rename it when it is complete.
///
/// A file whose import is cut short (the store failed, the server stopped) stays where it is and is
/// imported again on a later look; the importer makes that safe, as calls seen before are duplicates.
public struct HotlineInboxFolder: Sendable {
    public let folder: String
    let importer: HotlineImporter
    let mapping: HotlineMapping
    let logger: Logger

    public init(folder: String, importer: HotlineImporter, mapping: HotlineMapping = .standard,
                logger: Logger = Logger(label: "siang.hotline")) {
        self.folder = folder
        // The server's web, LINE and email intake share the one writer with this import: short
        // transactions keep their waits in milliseconds.
        var importer = importer
        importer.batchSize = Self.batchSize
        self.importer = importer
        self.mapping = mapping
        self.logger = logger
    }

    static let batchSize = 500

    /// Creates the folder with its `done/` and `failed/` folders, so a server that cannot write there
    /// says so when it starts rather than on the first file.
    public func prepare() throws {
        for sub in ["done", "failed"] {
            try FileManager.default.createDirectory(atPath: path(sub), withIntermediateDirectories: true)
        }
    }

    /// Imports every file that is ready; returns the names handled. `sizes` carries the sizes seen on
    /// the previous look.
    public func scan(sizes: inout [String: Int]) async -> [String] {
        do { try prepare() } catch {
            // Without done/ and failed/ a file could not be moved away and would be imported on every look.
            logger.error("hotline folder cannot be written", metadata: ["folder": "\(folder)"])
            return []
        }
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [] }
        var handled: [String] = []
        var seen: [String: Int] = [:]
        for name in names.sorted() where name.lowercased().hasSuffix(".csv") && !name.hasPrefix(".") {
            guard let size = (try? fm.attributesOfItem(atPath: path(name)))?[.size] as? Int else { continue }
            seen[name] = size
            // New or still growing: look again next time. A server stopping starts no new file.
            guard sizes[name] == size, !Task.isCancelled else { continue }
            if await handle(name) {
                handled.append(name)
                // A later file of the same name is new and waits for its own two looks.
                seen[name] = nil
            }
        }
        sizes = seen
        return handled
    }

    /// Imports one file and files it away with its report; false when it stays for another try.
    func handle(_ name: String) async -> Bool {
        let report: Data
        let target: String
        do {
            let summary = try await importer.importFile(path(name), mapping: mapping)
            report = try JSONEncoder.sorted.encode(summary)
            target = "done"
            logger.info("hotline file imported", metadata: ["file": "\(name)", "imported": "\(summary.imported)",
                                                             "duplicates": "\(summary.duplicates)", "skipped": "\(summary.skipped)",
                                                             "rejected": "\(summary.rejected.count)"])
        } catch let error as HotlineLogError {
            report = (try? JSONEncoder.sorted.encode(["error": error.description])) ?? Data()
            target = "failed"
            // The description may quote the file's first line, which can be a caller's data.
            logger.warning("hotline file failed", metadata: ["file": "\(name)", "reason": "\(Self.kind(of: error))"])
        } catch {
            logger.error("hotline file not imported; it will be tried again",
                         metadata: ["file": "\(name)", "error": "\(String(reflecting: type(of: error)))"])
            return false
        }
        let destination = freeName(for: name, in: target)
        do {
            // The report first: whoever sees the log in done/ or failed/ finds its report there already.
            try report.write(to: URL(fileURLWithPath: destination + ".report.json"), options: .atomic)
            try FileManager.default.moveItem(atPath: path(name), toPath: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: destination + ".report.json")
            logger.error("hotline file could not be moved", metadata: ["file": "\(name)", "to": "\(target)"])
            return false
        }
        return true
    }

    /// `name` in `sub`, or `name-2`, `name-3`, … when a file of that name was filed there before, so
    /// a system that always writes `export.csv` keeps every log and report.
    func freeName(for name: String, in sub: String) -> String {
        let fm = FileManager.default
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        var candidate = path("\(sub)/\(name)")
        var number = 1
        while fm.fileExists(atPath: candidate) || fm.fileExists(atPath: candidate + ".report.json") {
            number += 1
            candidate = path("\(sub)/\(stem)-\(number).\(ext)")
        }
        return candidate
    }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// What went wrong, in words that carry nothing from the file itself.
    static func kind(of error: HotlineLogError) -> String {
        switch error {
        case .unreadableFile: "unreadable file"
        case .emptyFile: "empty file"
        case .unreadableHeader: "unreadable header"
        case .missingColumns: "missing required columns"
        case .duplicateColumn: "duplicate column"
        case .invalidMapping: "invalid mapping file"
        case .notCSV(_, let kind): kind.rawValue
        }
    }

    /// Looks every `interval` until cancelled; the first look is at once.
    public func run(every interval: Duration = .seconds(10)) async {
        var sizes: [String: Int] = [:]
        while !Task.isCancelled {
            _ = await scan(sizes: &sizes)
            try? await Task.sleep(for: interval)
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
