import Foundation

extension UUID {
    /// A version-4 UUID from the system random generator (the `getrandom` call, which needs no file).
    /// Foundation's `UUID()` on Linux reads `/dev/urandom` and, when the process has no file descriptor
    /// left, quietly returns `00000000-0000-4000-8000-000000000000` every time, so two messages keyed
    /// by it would be taken for one (issue 11, finding 2).
    public static func random() -> UUID {
        var g = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
