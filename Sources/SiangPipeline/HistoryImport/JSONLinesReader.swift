import Foundation

/// Streams a JSON Lines file line by line in bounded memory: a UTF-8 byte order mark at the start
/// and a carriage return before each line break are dropped, blank lines are skipped (but counted,
/// so line numbers match an editor's), and a line longer than ``maxLineBytes`` is reported as such
/// without being held in memory.
public struct JSONLinesReader: Sequence {
    public enum Line: Sendable, Equatable {
        case content(number: Int, bytes: [UInt8])
        case tooLong(number: Int)
    }

    /// A case with its history and survey fits in a few kilobytes; a megabyte is not a case.
    public static let maxLineBytes = 1 << 20
    let handle: FileHandle
    let maxLineBytes: Int

    /// Opens `path`; throws a plain-words error when it cannot be read.
    public init(path: String, maxLineBytes: Int = Self.maxLineBytes) throws(HistoryImportError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .cannotOpen(path) }
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    public func makeIterator() -> Iterator { Iterator(handle: handle, maxLineBytes: maxLineBytes) }

    public final class Iterator: IteratorProtocol {
        let handle: FileHandle
        let maxLineBytes: Int
        var buffer: [UInt8] = []
        var start = 0
        var atEnd = false
        var number = 0
        var skippingLongLine = false
        static let chunk = 1 << 20

        init(handle: FileHandle, maxLineBytes: Int) {
            self.handle = handle
            self.maxLineBytes = maxLineBytes
        }

        public func next() -> Line? {
            while true {
                if let newline = buffer[start...].firstIndex(of: 0x0A) {
                    let line = start..<newline
                    start = newline + 1
                    if let out = finish(line) { return out }
                    continue
                }
                if atEnd {
                    guard start < buffer.count else { return nil }
                    let line = start..<buffer.count
                    start = buffer.count
                    if let out = finish(line) { return out }
                    continue
                }
                if buffer.count - start > maxLineBytes {
                    // Drop what is held of the long line and read on to its end.
                    skippingLongLine = true
                    start = buffer.count
                }
                buffer.removeFirst(start)
                start = 0
                let more = (try? handle.read(upToCount: Self.chunk)) ?? nil
                if let more, !more.isEmpty { buffer.append(contentsOf: more) } else { atEnd = true }
            }
        }

        /// The line in `range` as the reader reports it; nil for a blank line.
        func finish(_ range: Range<Int>) -> Line? {
            number += 1
            if skippingLongLine {
                skippingLongLine = false
                return .tooLong(number: number)
            }
            if range.count > maxLineBytes { return .tooLong(number: number) }
            var bytes = buffer[range]
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { return nil }
            return .content(number: number, bytes: Array(bytes))
        }
    }
}

/// Why an import could not run at all (as opposed to a bad line, which is reported and skipped).
public enum HistoryImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path): "cannot read \(path)"
        case .unavailable(let why): "the cases could not be stored: \(why)"
        }
    }
}
