import Foundation
import Hotline

/// libFuzzer entry: the bytes as a hotline call log as the export job leaves it. Every row comes
/// out as a call or a row error, on increasing lines, and reading stops.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHotlineCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard var reader = try? HotlineLogReader(bytes: bytes) else { return 0 }
    let lineBreaks = bytes.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
    var previous = 1
    var rows = 0
    while let row = reader.next() {
        let line = switch row {
        case .success(let call): call.line
        case .failure(let error): error.line
        }
        precondition(line > previous && line <= lineBreaks + 1, "rows start on increasing lines within the file (header is line 1)")
        previous = line
        rows += 1
        precondition(rows <= lineBreaks + 1, "reading stops")
    }
    return 0
}
