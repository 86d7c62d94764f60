/// Where in the MIME tree something happened, for warnings: "Message body" or "Part 1.2".
struct PartPath: CustomStringConvertible {
    var indices: [Int] = []

    func child(_ index: Int) -> PartPath { PartPath(indices: indices + [index]) }

    var description: String {
        indices.isEmpty ? "Message body" : "Part " + indices.map(String.init).joined(separator: ".")
    }
}

/// The human-readable warnings gathered while parsing one message. Warnings name header fields,
/// parts, charsets and counts, never message content, so they are safe to log.
struct Diagnostics {
    private(set) var warnings: [String] = []
    static let limit = 50

    /// "1 NUL byte", "3 NUL bytes".
    static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }

    mutating func warn(_ message: String) {
        guard !warnings.contains(message) else { return }
        if warnings.count < Self.limit {
            warnings.append(message)
        } else if warnings.count == Self.limit {
            warnings.append("More problems were found; only the first \(Self.limit) are listed.")
        }
    }
}
