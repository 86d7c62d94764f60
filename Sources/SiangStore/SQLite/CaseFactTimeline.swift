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

    /// The whole timeline, `received` at `receivedAt` first; nil when the bytes are not a timeline.
    static func decode(_ bytes: UnsafeRawBufferPointer, receivedAt: Date) -> [CaseFact.StatusPoint]? {
        guard bytes.count % pointSize == 0 else { return nil }
        var points: [CaseFact.StatusPoint] = []
        points.reserveCapacity(1 + bytes.count / pointSize)
        points.append(CaseFact.StatusPoint(at: receivedAt, status: .received))
        var offset = 0
        while offset < bytes.count {
            let code = Int(bytes[offset])
            guard code < statuses.count else { return nil }
            let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self))
            points.append(CaseFact.StatusPoint(at: Date(stored: Double(bitPattern: bits)), status: statuses[code]))
            offset += pointSize
        }
        return points
    }
}
