import Foundation

/// Bytes handed out in fixed-size chunks: a file read a chunk at a time, or bytes already in memory
/// cut into the same chunks (tests use tiny chunks so every state crosses a chunk boundary).
///
/// Nothing here ever holds more than one chunk, which is what keeps a million-row import in bounded
/// memory.
struct ByteChunkSource {
    private enum Storage {
        case file(FileHandle)
        case bytes([UInt8], next: Int)
        case exhausted
    }

    static let defaultChunkSize = 64 * 1024

    private var storage: Storage
    let chunkSize: Int

    init(fileHandle: FileHandle, chunkSize: Int = defaultChunkSize) {
        precondition(chunkSize > 0, "chunk size must be positive")
        storage = .file(fileHandle)
        self.chunkSize = chunkSize
    }

    init(bytes: [UInt8], chunkSize: Int = defaultChunkSize) {
        precondition(chunkSize > 0, "chunk size must be positive")
        storage = .bytes(bytes, next: 0)
        self.chunkSize = chunkSize
    }

    /// The next chunk, or `nil` once the source is exhausted (and on every call after that).
    mutating func nextChunk() throws -> [UInt8]? {
        switch storage {
        case .file(let handle):
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                storage = .exhausted
                return nil
            }
            return data.withUnsafeBytes { [UInt8]($0) }
        case .bytes(let bytes, let next):
            guard next < bytes.count else {
                storage = .exhausted
                return nil
            }
            let end = min(next + chunkSize, bytes.count)
            storage = .bytes(bytes, next: end)
            return Array(bytes[next..<end])
        case .exhausted:
            return nil
        }
    }
}

/// What can be wrong with the CSV structure of one record. The record is still delimited (the
/// reader carries on at the next record), but its fields cannot be trusted.
enum CSVProblem: Equatable, Sendable {
    /// A `"` inside a field that did not start with one (`ab"c`).
    case strayQuote(field: Int)
    /// Something other than a separator after a closing quote (`"abc"x`).
    case textAfterClosingQuote(field: Int)
    /// A quoted field still open at the end of the input, or longer than the record limit.
    case unterminatedQuote(field: Int)
    /// An unquoted record longer than the record limit (not a CSV file, or a broken one).
    case recordTooLong(limit: Int)
}

/// One CSV record: its fields as raw bytes (quotes removed, `""` unescaped) and the line it starts on.
///
/// The fields share one byte buffer; a field is a slice of it, decoded to text only when needed.
struct CSVRecord {
    /// 1-based line on which the record starts.
    var line: Int
    var bytes: [UInt8] = []
    /// End offset in `bytes` of each field.
    var fieldEnds: [Int] = []
    var problem: CSVProblem?

    var fieldCount: Int { fieldEnds.count }

    subscript(field index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return bytes[start..<fieldEnds[index]]
    }

    /// True when every field is empty (`,,,` rows that spreadsheets leave behind).
    var isBlank: Bool { bytes.isEmpty && problem == nil }
}

/// A streaming RFC 4180 reader working on bytes: comma-separated fields, optional double quotes,
/// `""` for a quote inside a quoted field, quoted fields spanning lines, and CRLF, LF or CR line ends.
///
/// Records come out one at a time with the line they start on; memory stays within one chunk plus
/// the record being read (capped by `maxRecordBytes`). A UTF-8 byte order mark at the very start is
/// skipped. Structural damage is reported on the record, never thrown:
/// - a stray quote or text after a closing quote marks the record and reading carries on where the
///   CSV structure says the record ends;
/// - a quoted field that never closes (at the end of the input, or after `maxRecordBytes`) marks the
///   record, and reading starts again on the line after the one where that record began, so a single
///   unbalanced quote costs one row, not the rest of the file.
///
/// Only I/O errors from the source are thrown.
struct CSVReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"),
        lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private var source: ByteChunkSource
    let maxRecordBytes: Int

    private var chunk: [UInt8] = []
    private var pos = 0
    private var started = false
    private var finished = false
    /// Line number at `pos`.
    private(set) var line = 1
    /// The previous byte consumed was a CR (so an LF now completes a CRLF).
    private var afterCR = false
    private var inRecord = false
    /// Discarding the rest of a line after a record that was too long.
    private var skippingLine = false
    private var state = State.fieldStart
    private var record = CSVRecord(line: 1)
    /// Offset in `bytes` where the current field starts.
    private var fieldStart = 0
    /// Where the current record starts in `chunk`, and its raw bytes from earlier chunks: kept only
    /// so an unterminated quote can be read again from the next line.
    private var recordStart = 0
    private var rawCarry: [UInt8] = []
    private var pending: CSVRecord?

    private(set) var sawByteOrderMark = false
    /// The first bytes of the input as they are in the file, for recognising what is not CSV at all.
    private(set) var leadingBytes: [UInt8] = []
    /// Watches the first chunks to tell UTF-8 from Windows-874; `nil` when nobody asked.
    private(set) var sniffer: EncodingSniffer?

    init(source: ByteChunkSource, maxRecordBytes: Int = 1 << 20, sniffEncoding: Bool = false) {
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.sniffer = sniffEncoding ? EncodingSniffer() : nil
    }

    /// The next record, or `nil` at the end of the input. Blank lines are skipped.
    mutating func next() throws -> CSVRecord? {
        while true {
            if let record = pending {
                pending = nil
                return record
            }
            if finished { return nil }
            if pos >= chunk.count {
                if try !refill() {
                    if let record = finishAtEndOfInput() { return record }
                    continue
                }
                continue
            }
            if let record = scanChunk() { return record }
        }
    }

    /// Decides the encoding from what the sniffer has seen so far, at the latest when asked.
    mutating func encodingVerdict() -> HotlineTextEncoding? {
        if sawByteOrderMark { return .utf8 }
        return sniffer?.decideNow()
    }

    // MARK: - Chunks

    private mutating func refill() throws -> Bool {
        if inRecord {
            rawCarry.append(contentsOf: chunk[recordStart...])
            recordStart = 0
            if rawCarry.count > maxRecordBytes {
                abandonOverlongRecord()
                if pos < chunk.count { return true }
            }
        }
        guard var next = try source.nextChunk() else { return false }
        if !started {
            started = true
            // A byte order mark or file signature may be split across tiny chunks; gather four bytes.
            while next.count < 4, let more = try source.nextChunk() { next.append(contentsOf: more) }
            leadingBytes = Array(next.prefix(4))
            if next.starts(with: [0xEF, 0xBB, 0xBF]) {
                next.removeFirst(3)
                sawByteOrderMark = true
                sniffer = nil
            }
        }
        if sniffer != nil, sniffer?.verdict == nil { sniffer?.feed(next) }
        chunk = next
        pos = 0
        return true
    }

    /// The record outgrew `maxRecordBytes`: report it, then either read again from its second line
    /// (an open quote probably swallowed the lines after it) or skip the rest of its line.
    private mutating func abandonOverlongRecord() {
        var failed = record
        if state == .quoted || state == .quoteInQuoted {
            failed.problem = .unterminatedQuote(field: record.fieldCount)
            replay(from: rawCarry, after: failed.line)
        } else {
            failed.problem = .recordTooLong(limit: maxRecordBytes)
            skippingLine = true
            inRecord = false
            rawCarry.removeAll(keepingCapacity: true)
        }
        pending = failed
    }

    private mutating func finishAtEndOfInput() -> CSVRecord? {
        guard inRecord else {
            finished = true
            return nil
        }
        if state == .quoted {
            var failed = record
            failed.problem = failed.problem ?? .unterminatedQuote(field: record.fieldCount)
            // `refill` has already moved this record's bytes into `rawCarry`.
            replay(from: rawCarry, after: failed.line)
            return failed
        }
        endField()
        inRecord = false
        rawCarry.removeAll(keepingCapacity: true)
        return record
    }

    /// Makes the bytes after the first line of `raw` the input again, starting on `line + 1`. When
    /// `raw` is still on its first line, the rest of that line is skipped instead.
    private mutating func replay(from raw: [UInt8], after line: Int) {
        var rest: [UInt8] = []
        if let breakIndex = raw.firstIndex(where: { $0 == Self.lf || $0 == Self.cr }) {
            var start = breakIndex + 1
            if raw[breakIndex] == Self.cr, start < raw.count, raw[start] == Self.lf { start += 1 }
            rest = Array(raw[start...])
            self.line = line + 1
            skippingLine = false
        } else {
            self.line = line
            skippingLine = true
        }
        rest.append(contentsOf: chunk[pos...])
        chunk = rest
        pos = 0
        afterCR = false
        inRecord = false
        rawCarry.removeAll(keepingCapacity: true)
    }

    // MARK: - The state machine

    private mutating func beginRecord(at index: Int) {
        record.line = line
        record.bytes.removeAll(keepingCapacity: true)
        record.fieldEnds.removeAll(keepingCapacity: true)
        record.problem = nil
        fieldStart = 0
        recordStart = index
        state = .fieldStart
        inRecord = true
    }

    private mutating func endField() {
        record.fieldEnds.append(record.bytes.count)
        fieldStart = record.bytes.count
    }

    private mutating func note(_ problem: CSVProblem) {
        if record.problem == nil { record.problem = problem }
    }

    /// Reads from `pos` until a record ends (returned) or the chunk runs out (`nil`).
    private mutating func scanChunk() -> CSVRecord? {
        let chunk = self.chunk
        return chunk.withUnsafeBufferPointer { buffer -> CSVRecord? in
            let end = buffer.count
            var i = pos
            defer { pos = i }
            while i < end {
                let byte = buffer[i]
                if !inRecord {
                    if byte == Self.lf {
                        if !afterCR { line += 1 }
                        afterCR = false
                        skippingLine = false
                        i += 1
                        continue
                    }
                    if byte == Self.cr {
                        line += 1
                        afterCR = true
                        skippingLine = false
                        i += 1
                        continue
                    }
                    afterCR = false
                    if skippingLine {
                        i += 1
                        continue
                    }
                    beginRecord(at: i)
                }
                switch state {
                case .fieldStart:
                    if byte == Self.quote {
                        state = .quoted
                        i += 1
                    } else if byte == Self.comma {
                        endField()
                        i += 1
                    } else if byte == Self.lf || byte == Self.cr {
                        return endRecord(terminator: byte, at: &i)
                    } else {
                        state = .unquoted
                    }

                case .unquoted:
                    var j = i
                    while j < end {
                        let b = buffer[j]
                        if b == Self.comma || b == Self.quote || b == Self.lf || b == Self.cr { break }
                        j += 1
                    }
                    if j > i { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<j])) }
                    i = j
                    guard i < end else { break }
                    let b = buffer[i]
                    if b == Self.comma {
                        endField()
                        state = .fieldStart
                        i += 1
                    } else if b == Self.quote {
                        if record.bytes[fieldStart...].allSatisfy({ $0 == Self.space || $0 == Self.tab }) {
                            // `  "quoted"`: blanks before the opening quote are not part of the field.
                            record.bytes.removeSubrange(fieldStart...)
                            state = .quoted
                        } else {
                            note(.strayQuote(field: record.fieldCount))
                            record.bytes.append(b)
                        }
                        i += 1
                    } else {
                        return endRecord(terminator: b, at: &i)
                    }

                case .quoted:
                    var j = i
                    while j < end {
                        let b = buffer[j]
                        if b == Self.quote || b == Self.lf || b == Self.cr { break }
                        j += 1
                    }
                    if j > i {
                        record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<j]))
                        afterCR = false
                    }
                    i = j
                    guard i < end else { break }
                    let b = buffer[i]
                    if b == Self.quote {
                        state = .quoteInQuoted
                        afterCR = false
                    } else if b == Self.cr {
                        record.bytes.append(b)
                        line += 1
                        afterCR = true
                    } else {
                        record.bytes.append(b)
                        if !afterCR { line += 1 }
                        afterCR = false
                    }
                    i += 1

                case .quoteInQuoted, .afterQuoted:
                    if byte == Self.quote && state == .quoteInQuoted {
                        record.bytes.append(byte)
                        state = .quoted
                        i += 1
                    } else if byte == Self.comma {
                        endField()
                        state = .fieldStart
                        i += 1
                    } else if byte == Self.lf || byte == Self.cr {
                        return endRecord(terminator: byte, at: &i)
                    } else if byte == Self.space || byte == Self.tab {
                        state = .afterQuoted
                        i += 1
                    } else {
                        note(.textAfterClosingQuote(field: record.fieldCount))
                        record.bytes.append(byte)
                        state = .unquoted
                        i += 1
                    }
                }
            }
            return nil
        }
    }

    private mutating func endRecord(terminator: UInt8, at i: inout Int) -> CSVRecord {
        endField()
        line += 1
        afterCR = terminator == Self.cr
        inRecord = false
        i += 1
        rawCarry.removeAll(keepingCapacity: true)
        return record
    }
}
