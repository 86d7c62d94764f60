import Foundation
@testable import Hotline

/// A Bangkok wall-clock time, computed with Foundation's calendar (independently of the reader).
func bangkok(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// A throwaway folder for fixture files, removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }
}

/// Every result of reading `bytes` with the given chunk size.
func readAll(_ bytes: [UInt8], chunkSize: Int = 64 * 1024, encoding: HotlineTextEncoding = .auto,
             mapping: HotlineMapping = .standard, maxRecordBytes: Int = 1 << 20) throws -> [Result<HotlineCall, HotlineRowError>] {
    let reader = try HotlineLogReader(source: ByteChunkSource(bytes: bytes, chunkSize: chunkSize), name: "test.csv",
                                      encoding: encoding, mapping: mapping, maxRecordBytes: maxRecordBytes)
    return Array(reader)
}

func readAll(_ text: String, chunkSize: Int = 64 * 1024, mapping: HotlineMapping = .standard) throws -> [Result<HotlineCall, HotlineRowError>] {
    try readAll(Array(text.utf8), chunkSize: chunkSize, mapping: mapping)
}

extension Result {
    var value: Success? { try? get() }
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Chunk sizes that put every byte of a small fixture on a chunk boundary at least once.
let awkwardChunkSizes = [1, 2, 3, 5, 7, 64 * 1024]

/// All records of a CSV text, read in chunks of `chunkSize`.
func csvRecords(_ bytes: [UInt8], chunkSize: Int = 64 * 1024, maxRecordBytes: Int = 1 << 20) throws -> [CSVRecord] {
    var reader = CSVReader(source: ByteChunkSource(bytes: bytes, chunkSize: chunkSize), maxRecordBytes: maxRecordBytes)
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

extension CSVRecord {
    /// The fields as UTF-8 text.
    var strings: [String] { (0..<fieldCount).map { String(decoding: self[field: $0], as: UTF8.self) } }
}
