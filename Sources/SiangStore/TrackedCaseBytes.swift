import Foundation
import SiangCore

/// A ``TrackedCase`` as the stores keep it in `case_tracking.view` (one value per case, read whole by
/// a tracking lookup): a small binary form, decoded with a few loads where the events cost a JSON
/// parser each.
///
/// Version 1, all integers little-endian:
///
///     u8    1 (the format version)
///     u8    the case's status code (``CaseFactTimeline/statuses``)
///     str   kind raw value, str priority raw value, ostr category
///     f64   receivedAt, f64 updatedAt (the bits of the stored Unix seconds, as the event rows keep them)
///     var   number of timeline entries, then per entry:
///       u8  bits 0-3 the status code (``CaseFactTimeline/statuses``), bit 4 a status change made the
///           entry, bit 5 the entry has a note
///       f64 at
///       str note, when bit 5 is set
///
/// `var` is an unsigned LEB128 number; `str` is a `var` byte count and the UTF-8 bytes; `ostr` is
/// `var` 0 for none or the byte count plus one and the bytes. The tracking ID is the row's key.
public enum TrackedCaseBytes {
    static let version: UInt8 = 1
    static let statusChangeBit: UInt8 = 0x10
    static let noteBit: UInt8 = 0x20

    public static func encode(_ tracked: TrackedCase) -> [UInt8] {
        let v = tracked.view
        var out: [UInt8] = [version, CaseFactTimeline.code(v.status)]
        out.reserveCapacity(64 + v.timeline.count * 16)
        string(v.kind.rawValue, into: &out)
        string(tracked.priority.rawValue, into: &out)
        if let category = v.category {
            number(category.utf8.count + 1, into: &out)
            out.append(contentsOf: category.utf8)
        } else {
            number(0, into: &out)
        }
        instant(v.receivedAt, into: &out)
        instant(v.updatedAt, into: &out)
        number(v.timeline.count, into: &out)
        for (entry, changesStatus) in zip(v.timeline, tracked.changesStatus) {
            out.append(CaseFactTimeline.code(entry.status) | (changesStatus ? statusChangeBit : 0) | (entry.note != nil ? noteBit : 0))
            instant(entry.at, into: &out)
            if let note = entry.note { string(note, into: &out) }
        }
        return out
    }

    /// The tracked case of `id` from stored bytes; nil when they are not version 1 of this form
    /// (nothing is trusted: every length and code is checked).
    public static func decode(_ bytes: UnsafeRawBufferPointer, trackingID id: TrackingID) -> TrackedCase? {
        var r = Reader(bytes: bytes)
        guard r.byte() == version, let statusCode = r.byte(), Int(statusCode) < CaseFactTimeline.statuses.count,
              let kind = r.string().flatMap(Kind.init(rawValue:)),
              let priority = r.string().flatMap(Priority.init(rawValue:)),
              let categoryLength = r.number() else { return nil }
        var category: String?
        if categoryLength > 0 {
            guard let text = r.text(count: categoryLength - 1) else { return nil }
            category = text
        }
        guard let receivedAt = r.instant(), let updatedAt = r.instant(), let count = r.number(),
              count <= bytes.count else { return nil }
        var timeline: [PublicCaseView.TimelineEntry] = []
        var changesStatus: [Bool] = []
        timeline.reserveCapacity(count)
        changesStatus.reserveCapacity(count)
        for _ in 0..<count {
            guard let flags = r.byte(), Int(flags & 0x0F) < CaseFactTimeline.statuses.count, flags & 0xC0 == 0,
                  let at = r.instant() else { return nil }
            var note: String?
            if flags & noteBit != 0 {
                guard let text = r.string() else { return nil }
                note = text
            }
            timeline.append(.init(status: CaseFactTimeline.statuses[Int(flags & 0x0F)], at: at, note: note))
            changesStatus.append(flags & statusChangeBit != 0)
        }
        guard r.atEnd else { return nil }
        let view = PublicCaseView(trackingID: id, kind: kind, status: CaseFactTimeline.statuses[Int(statusCode)], category: category, receivedAt: receivedAt,
                                  updatedAt: updatedAt, timeline: timeline)
        return TrackedCase(view: view, priority: priority, changesStatus: changesStatus)
    }

    public static func decode(_ bytes: [UInt8], trackingID id: TrackingID) -> TrackedCase? {
        bytes.withUnsafeBytes { decode($0, trackingID: id) }
    }

    static func number(_ value: Int, into out: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        number(text.utf8.count, into: &out)
        out.append(contentsOf: text.utf8)
    }

    static func instant(_ date: Date, into out: inout [UInt8]) {
        withUnsafeBytes(of: date.storedValue.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Reads the form front to back; every read is nil past the end.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let b = byte() {
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { return value <= UInt64(Int32.max) ? Int(value) : nil }
                shift += 7
                if shift > 28 { return nil }
            }
            return nil
        }

        mutating func text(count: Int) -> String? {
            guard count >= 0, count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return String(validating: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
        }

        mutating func string() -> String? {
            guard let count = number() else { return nil }
            return text(count: count)
        }

        mutating func instant() -> Date? {
            guard bytes.count - offset >= 8 else { return nil }
            defer { offset += 8 }
            let seconds = Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            return seconds.isFinite ? Date(stored: seconds) : nil
        }
    }
}
