import Foundation

/// An IP address or a CIDR range (`10.0.0.0/8`, `::1`, `fd00::/8`), for the list of reverse proxies
/// whose `X-Forwarded-For` the server believes. Addresses are compared as bytes, so `127.000.0.1`
/// and IPv4-mapped IPv6 (`::ffff:127.0.0.1`) cannot slip past a textual comparison.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]
    public let prefixLength: Int

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let address = Self.parse(String(first)) else { return nil }
        let maxLength = address.count * 8
        var length = maxLength
        if parts.count == 2 {
            guard parts[1].allSatisfy(\.isASCIIDigit), let n = Int(parts[1]), (0...maxLength).contains(n) else { return nil }
            length = n
        }
        bytes = address
        prefixLength = length
    }

    /// Whether `address` (already parsed with ``parse(_:)``) lies in this range.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var remaining = prefixLength
        for i in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address[i] & mask != bytes[i] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String { "\(Self.format(bytes))/\(prefixLength)" }

    /// The bytes of a textual IPv4 or IPv6 address (an IPv4-mapped IPv6 address as IPv4); nil when
    /// the text is not an address. Zone suffixes (`%eth0`) are not addresses a proxy writes.
    public static func parse(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        if text.contains(":") {
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
            let all = withUnsafeBytes(of: &v6) { Array($0) }
            if all[0..<10].allSatisfy({ $0 == 0 }) && all[10] == 0xFF && all[11] == 0xFF { return Array(all[12...]) }
            return all
        }
        // inet_pton takes only the dotted-quad form: no octal, hex or shortened forms.
        var v4 = in_addr()
        guard inet_pton(AF_INET, text, &v4) == 1 else { return nil }
        return withUnsafeBytes(of: &v4) { Array($0) }
    }

    /// The canonical text of an address from ``parse(_:)``.
    public static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
