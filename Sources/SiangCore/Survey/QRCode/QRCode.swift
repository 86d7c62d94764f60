import Foundation

/// A QR Code (ISO/IEC 18004) for the printable service-point posters: byte mode, error correction
/// level M (about 15 % of the symbol can be damaged), versions 1 to 10 (up to 213 bytes, far more
/// than a survey link needs).
///
/// No QR library is available to the project, so this is written by hand after the standard, in the
/// way the reference implementations are: function patterns, Reed-Solomon error correction over
/// GF(256), interleaved blocks, the zigzag placement and the eight masks scored by the four penalty
/// rules. The tests hold it to matrices made by an independent encoder.
public struct QRCode: Sendable, Equatable {
    public let version: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// The mask pattern used, 0...7.
    public let mask: Int
    /// Row-major, `true` for a dark module; no quiet zone.
    public let modules: [Bool]

    public static let maxVersion = 10

    /// Whether the module at column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Encodes `text` as UTF-8 bytes.
    public static func encode(_ text: String, minVersion: Int = 1, mask: Int? = nil) throws(QRCodeError) -> QRCode {
        try encode(bytes: Array(text.utf8), minVersion: minVersion, mask: mask)
    }

    /// Encodes bytes in the smallest version from `minVersion` that holds them; with `mask` nil the
    /// mask with the lowest penalty score is chosen, as the standard asks.
    public static func encode(bytes: [UInt8], minVersion: Int = 1, mask: Int? = nil) throws(QRCodeError) -> QRCode {
        guard (1...maxVersion).contains(minVersion) else { throw .invalidVersion(minVersion) }
        if let mask, !(0...7).contains(mask) { throw .invalidMask(mask) }
        guard let version = (minVersion...maxVersion).first(where: { dataBitsNeeded(bytes.count, version: $0) <= dataCodewords($0) * 8 }) else {
            throw .tooLong(bytes: bytes.count, max: capacity(version: maxVersion))
        }
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(codewords(for: bytes, version: version))
        let chosen: Int
        if let mask {
            chosen = mask
        } else {
            chosen = (0...7).min { a, b in matrix.penalty(withMask: a) < matrix.penalty(withMask: b) }!
        }
        matrix.applyMask(chosen)
        matrix.drawFormatBits(mask: chosen)
        return QRCode(version: version, size: matrix.size, mask: chosen, modules: matrix.dark)
    }

    /// The most bytes a version holds at level M.
    public static func capacity(version: Int) -> Int {
        (dataCodewords(version) * 8 - 4 - countBits(version)) / 8
    }

    // MARK: - Tables for error correction level M, versions 1-10 (ISO/IEC 18004 table 9)

    /// Codewords of a whole symbol (data and error correction).
    static let totalCodewords = [0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346]
    /// Error correction codewords per block at level M.
    static let ecCodewordsPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    /// Blocks at level M.
    static let blocks = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5]

    static func dataCodewords(_ version: Int) -> Int {
        totalCodewords[version] - ecCodewordsPerBlock[version] * blocks[version]
    }

    /// Length of the character count field in byte mode.
    static func countBits(_ version: Int) -> Int { version < 10 ? 8 : 16 }

    static func dataBitsNeeded(_ count: Int, version: Int) -> Int {
        count >= (1 << countBits(version)) ? Int.max : 4 + countBits(version) + 8 * count
    }

    /// The final codeword sequence: data with mode, count, terminator and padding, split in blocks,
    /// each block's error correction appended, then interleaved.
    static func codewords(for bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)  // byte mode
        bits.append(bytes.count, count: countBits(version))
        for b in bytes { bits.append(Int(b), count: 8) }
        let capacityBits = dataCodewords(version) * 8
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCodewords(version) {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let blockCount = blocks[version]
        let ecLength = ecCodewordsPerBlock[version]
        let total = totalCodewords[version]
        let shortBlocks = blockCount - total % blockCount
        let shortLength = total / blockCount
        let divisor = ReedSolomon.divisor(degree: ecLength)
        var dataBlocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var k = 0
        for i in 0..<blockCount {
            let length = shortLength - ecLength + (i < shortBlocks ? 0 : 1)
            let block = Array(data[k..<(k + length)])
            k += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var result: [UInt8] = []
        for i in 0..<(shortLength - ecLength + 1) {
            for block in dataBlocks where i < block.count { result.append(block[i]) }
        }
        for i in 0..<ecLength {
            for block in ecBlocks { result.append(block[i]) }
        }
        return result
    }
}

/// Why a QR code could not be made.
public enum QRCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLong(bytes: Int, max: Int)
    case invalidVersion(Int)
    case invalidMask(Int)

    public var description: String {
        switch self {
        case .tooLong(let bytes, let max): "\(bytes) bytes do not fit in a QR code of version 10 at level M (at most \(max))"
        case .invalidVersion(let v): "QR version \(v) is outside 1...10"
        case .invalidMask(let m): "QR mask \(m) is outside 0...7"
        }
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { acc, i in
                acc << 1 | (start + i < bits.count && bits[start + i] ? 1 : 0)
            }
        }
    }
}

/// Reed-Solomon error correction over GF(2^8) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
enum ReedSolomon {
    /// The generator polynomial (x - α^0)(x - α^1)…(x - α^(degree-1)), highest term dropped.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The error correction codewords of `data`.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result.removeFirst()
            result.append(0)
            for i in 0..<divisor.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }

    /// Multiplication in GF(2^8) modulo 0x11D.
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }
}
