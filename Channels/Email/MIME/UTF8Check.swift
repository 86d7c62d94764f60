/// UTF-8 validation that also says how wrong invalid text is, to choose between repairing it and
/// reading it as Windows-874.
enum UTF8Check {
    struct Scan {
        var multibyte = 0
        var invalid = 0
    }

    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        if TextDecoder.isASCII(bytes) { return true }
        return scan(bytes).invalid == 0
    }

    static func scan(_ bytes: ArraySlice<UInt8>) -> Scan {
        var result = Scan()
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            if bytes[i] < 0x80 { i += 1; continue }
            let n = sequenceLength(bytes, at: i)
            if n == 0 {
                result.invalid += 1
                i += 1
            } else {
                result.multibyte += 1
                i += n
            }
        }
        return result
    }

    /// The text with each invalid byte replaced by U+FFFD.
    static func repaired(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] < 0x80 { out.append(bytes[i]); i += 1; continue }
            let n = sequenceLength(bytes, at: i)
            if n == 0 {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            } else {
                out.append(contentsOf: bytes[i..<i + n])
                i += n
            }
        }
        return out
    }

    /// Length of the well-formed multi-byte sequence starting at `i`, or 0.
    @inline(__always) static func sequenceLength(_ b: ArraySlice<UInt8>, at i: Int) -> Int {
        let lead = b[i]
        let end = b.endIndex
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < end && b[i + k] >= lo && b[i + k] <= hi
        }
        switch lead {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}
