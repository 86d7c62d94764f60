import Foundation

/// Finds files shipped in SiangCore's `Resources` folder (copied into the bundle as they are laid
/// out in the source tree).
public enum SiangResources {
    /// The URL of `Resources/<relativePath>`, or nil when the build does not carry it.
    public static func url(_ relativePath: String) -> URL? {
        // Foundation on Linux and on Darwin disagree on where a SwiftPM resource bundle's files sit.
        let roots = [Bundle.module.resourceURL, Bundle.module.bundleURL].compactMap { $0 }
        for root in roots {
            let url = root.appendingPathComponent("Resources").appendingPathComponent(relativePath)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// The files directly inside `Resources/<folder>` with the given extension, sorted by name.
    public static func files(in folder: String, withExtension ext: String) -> [URL] {
        guard let dir = url(folder),
              let files = try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil) else { return [] }
        return files.filter { $0.pathExtension == ext }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
