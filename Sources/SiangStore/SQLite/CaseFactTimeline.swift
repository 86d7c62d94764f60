import Foundation
import SiangCore

/// The status timeline of a case fact in its column: 9 bytes a point (a status code, then the time as
/// the little-endian bits of its Unix seconds), without the first `received` point, which is the
/// row's `received_at`.
///
/// A report reads a million of these at a time; a fixed-width binary form is decoded with two loads
/// a point, where JSON would cost a parser per row.
enum CaseFactTimeline {
    static let pointSize = 9

    /// Status codes, by position. Stored data depends on them: only ever append.
    static let statuses: [Status] = [.received, .triaged, .inProgress, .awaitingInfo, .resolved, .closed, .referred, .rejected, .duplicate]

    static func code(_ status: Status) -> UInt8 {
        UInt8(statuses.firstIndex(of: status)!)
    }

    /// The bytes of every point after the first.
    static func encode(_ fact: CaseFact) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, fact.statuses.count - 1) * pointSize)
        for point in fact.statuses.dropFirst() {
            bytes.append(code(point.status))
            withUnsafeBytes(of: point.at.storedValue.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Appends the whole timeline to `columns`' points, `received` at `receivedAt` (stored seconds)
    /// first, and closes the case's points; false, with nothing appended, when the bytes are not a
    /// timeline.
    static func decode(_ bytes: UnsafeRawBufferPointer, receivedAt: Double, into columns: inout CaseFactColumns) -> Bool {
        guard bytes.count % pointSize == 0 else { return false }
        var offset = 0
        while offset < bytes.count {
            guard bytes[offset] < statuses.count else { return false }
            offset += pointSize
        }
        columns.pointAt.append(receivedAt)
        columns.pointStatus.append(.received)
        offset = 0
        while offset < bytes.count {
            let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self))
            columns.pointAt.append(Double(bitPattern: bits))
            columns.pointStatus.append(statuses[Int(bytes[offset])])
            offset += pointSize
        }
        columns.pointStart.append(Int32(columns.pointAt.count))
        return true
    }
}
