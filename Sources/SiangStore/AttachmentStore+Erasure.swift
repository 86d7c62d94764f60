import Foundation

extension AttachmentStore {
    /// Deletes the stored files of these digests (PDPA erasure; the store said no row that is not
    /// erased refers to them). A file already gone counts as deleted; returns how many were deleted.
    public func remove(_ digests: [String]) throws -> Int {
        var removed = 0
        for digest in digests where digest.count == 64 && digest.allSatisfy(\.isHexDigit) {
            let path = self.path(for: digest)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            try FileManager.default.removeItem(atPath: path)
            removed += 1
        }
        return removed
    }
}
