import Foundation
import Logging
import SiangStore

/// A folder the call-centre system drops its logs into (config `hotline.watchFolder`). Each new
/// `.csv` file is imported and moved to `done/` (imported, perhaps with rejected rows) or `failed/`
/// (unreadable), with `<name>.report.json` beside it. A file still growing is left until its size
/// holds still between two looks.
public struct HotlineInboxFolder: Sendable {
    public let folder: String
    let importer: HotlineImporter
    let logger: Logger

    public init(folder: String, importer: HotlineImporter, logger: Logger = Logger(label: "siang.hotline")) {
        self.folder = folder
        self.importer = importer
        self.logger = logger
    }

    /// Imports every file that is ready; returns the names handled. `sizes` carries the sizes seen on
    /// the previous look.
    public func scan(sizes: inout [String: Int]) async -> [String] {
        let fm = FileManager.default
        for sub in ["done", "failed"] {
            try? fm.createDirectory(atPath: (folder as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [] }
        var handled: [String] = []
        var seen: [String: Int] = [:]
        for name in names.sorted() where name.lowercased().hasSuffix(".csv") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int else { continue }
            seen[name] = size
            guard sizes[name] == size else { continue }  // new or still growing: look again next time
            let report: Data
            let target: String
            do {
                let summary = try await importer.importFile(path)
                report = try JSONEncoder.sorted.encode(summary)
                target = "done"
                logger.info("hotline file imported", metadata: ["file": "\(name)", "imported": "\(summary.imported)",
                                                                 "duplicates": "\(summary.duplicates)", "rejected": "\(summary.rejected.count)"])
            } catch {
                report = Data(#"{"error":\#(String(reflecting: "\(error)"))}"#.utf8)
                target = "failed"
                logger.warning("hotline file failed", metadata: ["file": "\(name)", "error": "\(error)"])
            }
            let dest = (folder as NSString).appendingPathComponent("\(target)/\(name)")
            try? fm.removeItem(atPath: dest)
            try? fm.moveItem(atPath: path, toPath: dest)
            fm.createFile(atPath: dest + ".report.json", contents: report)
            handled.append(name)
        }
        sizes = seen
        return handled
    }

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
