import Foundation

/// Byte-level helpers shared by the MIME parser. Mail is ASCII-structured with arbitrary bytes inside,
/// so the parser works on `ArraySlice<UInt8>` and only makes `String`s for what it hands out.
enum Byte {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hyphen: UInt8 = 0x2D
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let question: UInt8 = 0x3F
    static let backslash: UInt8 = 0x5C

    /// Space or tab: the whitespace that may fold a header line.
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }

    /// Space, tab, CR or LF.
    @inline(__always) static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab || b == cr || b == lf }

    @inline(__always) static func lowercased(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    @inline(__always) static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10
    }

    /// The value of a hexadecimal digit, either case, or nil.
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        if b &- 0x30 < 10 { return b - 0x30 }
        let l = b | 0x20
        if l &- 0x61 < 6 { return l - 0x61 + 10 }
        return nil
    }
}

extension ArraySlice<UInt8> {
    /// The slice without leading and trailing spaces, tabs, CRs and LFs.
    func trimmingWhitespace() -> ArraySlice<UInt8> {
        var lo = startIndex, hi = endIndex
        while lo < hi, Byte.isWhitespace(self[lo]) { lo += 1 }
        while hi > lo, Byte.isWhitespace(self[hi - 1]) { hi -= 1 }
        return self[lo..<hi]
    }

    /// Whether the bytes equal `lowercaseASCII` ignoring ASCII case.
    func equalsIgnoringCase(_ lowercaseASCII: StaticString) -> Bool {
        guard count == lowercaseASCII.utf8CodeUnitCount else { return false }
        let p = lowercaseASCII.utf8Start
        var k = 0
        for b in self {
            if Byte.lowercased(b) != p[k] { return false }
            k += 1
        }
        return true
    }

    /// Whether the bytes start with `lowercaseASCII` ignoring ASCII case.
    func hasPrefixIgnoringCase(_ lowercaseASCII: StaticString) -> Bool {
        let n = lowercaseASCII.utf8CodeUnitCount
        guard count >= n else { return false }
        let p = lowercaseASCII.utf8Start
        for k in 0..<n where Byte.lowercased(self[startIndex + k]) != p[k] { return false }
        return true
    }

    /// The first index of `byte` at or after `from`, found with `memchr`.
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        guard from < endIndex else { return nil }
        let offset = from - startIndex
        let found: Int? = withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) -> Int? in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            guard let hit = memchr(base + offset, Int32(byte), buffer.count - offset) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
        return found.map { startIndex + $0 }
    }

    /// Whether every byte is whitespace (or there are none).
    var isBlankText: Bool {
        for b in self where !Byte.isWhitespace(b) { return false }
        return true
    }

    /// ASCII-lowercased copy as a `String`; meant for ASCII tokens (invalid UTF-8 is repaired).
    func lowercasedString() -> String {
        String(decoding: map(Byte.lowercased), as: UTF8.self)
    }
}
