/// Turns what citizens type into the canonical form the classifier counts, so that spellings that
/// differ only in ways people don't notice count as the same text.
///
/// Thai is written without spaces and typed informally, so the rules are about characters, not words:
/// - ASCII and Latin-1 letters are lower-cased;
/// - Thai tone marks, mai taikhu and thanthakhat are dropped (`เป็น`, `เปน` and `เป้น` all become `เปน`),
///   because they are where informal spelling varies most;
/// - nikhahit + sara aa becomes sara am, and two sara e become sara ae (`เเ` → `แ`), the two common
///   keyboard substitutes;
/// - a character typed three or more times in a row counts once (`มากกกก` → `มาก`, `ค่าาา` → `คา`);
/// - every run of ASCII or Thai digits becomes one `0` (`ซอย 12`, `ซอย ๑๒` and `555` look alike);
/// - whitespace and punctuation become one space, except `?` and `!`, which say something about the kind;
/// - zero-width characters, variation selectors and skin-tone modifiers are dropped; emoji are kept.
///
/// The result is a sequence of Unicode scalar values (`UInt32`). ``Writer`` appends into caller-owned
/// memory so that classifying a text allocates nothing for it.
enum TextNormalizer {
    /// Only this many scalars of a text are read; the rest of a very long message adds cost, not signal.
    static let maximumScalars = 4_000

    static let space: UInt32 = 0x20
    static let digit: UInt32 = 0x30

    /// Calls `body` with the normalised scalars of `subject` and `text`, each between word boundaries,
    /// in temporary memory (on the stack for short texts).
    static func withNormalized<R>(subject: String?, text: String, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        let capacity = min(subject?.utf8.count ?? 0, maximumScalars) + min(text.utf8.count, maximumScalars) + 3
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { buffer in
            var writer = Writer(buffer)
            writer.appendBoundary()
            if let subject {
                writer.append(subject)
                writer.appendBoundary()
            }
            writer.append(text)
            writer.appendBoundary()
            return body(UnsafeBufferPointer(rebasing: buffer[..<writer.count]))
        }
    }

    /// The normalised scalars of `text`, without boundary spaces.
    static func normalize(_ text: String) -> [UInt32] {
        let capacity = min(text.utf8.count, maximumScalars) + 1
        var scalars = [UInt32](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var writer = Writer(buffer)
            writer.append(text)
            writer.trimTrailingSpace()
            initialized = writer.count
        }
        if scalars.first == space { scalars.removeFirst() }
        return scalars
    }

    /// The normalised form as a `String`, for keywords, tests and debugging.
    static func normalizedString(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for value in normalize(text) {
            if let scalar = Unicode.Scalar(value) { out.append(scalar) }
        }
        return String(out)
    }

    /// Appends normalised scalars to a buffer the caller owns. The buffer needs room for the UTF-8
    /// length of every appended text (capped at ``TextNormalizer/maximumScalars``) plus one scalar
    /// per boundary; the writer never writes past its end.
    struct Writer {
        let buffer: UnsafeMutableBufferPointer<UInt32>
        private(set) var count = 0
        private var last: UInt32 = 0
        private var run = 0

        init(_ buffer: UnsafeMutableBufferPointer<UInt32>) { self.buffer = buffer }

        /// A word boundary: one space, never two in a row.
        mutating func appendBoundary() { emit(TextNormalizer.space) }

        /// Drops a final space, if there is one.
        mutating func trimTrailingSpace() {
            if count > 0, buffer[count - 1] == TextNormalizer.space {
                count -= 1
                last = count > 0 ? buffer[count - 1] : 0
                run = 1
            }
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { bytes in append(utf8: bytes) }
        }

        mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) {
            guard let base = bytes.baseAddress else { return }
            let end = bytes.count
            var i = 0
            var read = 0
            while i < end, read < TextNormalizer.maximumScalars, count < buffer.count {
                // Swift strings hold valid UTF-8, so the continuation bytes are there.
                let b0 = UInt32(base[i])
                let scalar: UInt32
                if b0 < 0x80 {
                    scalar = b0
                    i += 1
                } else if b0 < 0xE0 {
                    scalar = (b0 & 0x1F) << 6 | (UInt32(base[i + 1]) & 0x3F)
                    i += 2
                } else if b0 < 0xF0 {
                    scalar = (b0 & 0x0F) << 12 | (UInt32(base[i + 1]) & 0x3F) << 6 | (UInt32(base[i + 2]) & 0x3F)
                    i += 3
                } else {
                    scalar = (b0 & 0x07) << 18 | (UInt32(base[i + 1]) & 0x3F) << 12
                        | (UInt32(base[i + 2]) & 0x3F) << 6 | (UInt32(base[i + 3]) & 0x3F)
                    i += 4
                }
                read += 1
                appendScalar(scalar)
            }
        }

        @inline(__always)
        mutating func appendScalar(_ scalar: UInt32) {
            switch scalar {
            case 0x61...0x7A, 0x3F, 0x21:                        // a-z ? !
                emit(scalar)
            case 0x41...0x5A:                                    // A-Z
                emit(scalar | 0x20)
            case 0x30...0x39, 0x0E50...0x0E59:                   // ASCII and Thai digits
                if last != TextNormalizer.digit { emit(TextNormalizer.digit) }
            case 0x0E47...0x0E4C:                                // mai taikhu, tone marks, thanthakhat
                return
            case 0x0E32 where last == 0x0E4D:                    // nikhahit + sara aa = sara am
                replaceLast(with: 0x0E33)
            case 0x0E40 where last == 0x0E40 && run == 1:        // เ + เ = แ
                replaceLast(with: 0x0E41)
            case 0x0E01...0x0E46, 0x0E4D...0x0E4F, 0x0E5A, 0x0E5B:
                emit(scalar)
            case 0xC0...0xDE where scalar != 0xD7:               // Latin-1 capitals
                emit(scalar | 0x20)
            case 0xDF...0xFF where scalar != 0xF7:
                emit(scalar)
            case 0x200B...0x200D, 0x2060, 0xFEFF, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF:
                return                                           // zero-width, variation selectors, skin tones
            case 0...0x7F, 0x80...0xBF, 0xD7, 0xF7, 0x2000...0x206F, 0x3000...0x303F, 0xFF00...0xFF0F:
                emit(TextNormalizer.space)                       // whitespace, controls, punctuation
            default:
                emit(scalar)                                     // emoji, other scripts
            }
        }

        @inline(__always)
        private mutating func emit(_ scalar: UInt32) {
            if scalar == last {
                if scalar == TextNormalizer.space { return }
                run += 1
                // Two in a row may be spelling (ธรรม); three or more is emphasis and counts once.
                if run == 3, count > 0, buffer[count - 1] == scalar { count -= 1 }
                if run >= 3 { return }
            } else {
                last = scalar
                run = 1
            }
            guard count < buffer.count else { return }
            buffer[count] = scalar
            count += 1
        }

        @inline(__always)
        private mutating func replaceLast(with scalar: UInt32) {
            buffer[count - 1] = scalar
            last = scalar
            run = 1
        }
    }
}
