import Foundation
import SiangCore

/// Turns what the web channel receives (the JSON API body or the citizen form) into an ``Intake``.
///
/// Field problems are collected, not thrown one by one, so the answer lists them all. Fields that
/// only staff may set (`channel` other than web, `receivedAt`, `externalRef`) are reported through
/// ``WebIntake/Translation/staffOnlyFields`` for the server to authorise.
public enum WebIntake {
    public struct Translation: Sendable {
        public var intake: Intake
        public var problems: [FieldError]
        /// The staff-only fields this request sets; the caller must hold a staff token.
        public var staffOnlyFields: [String]
    }

    /// Reads the API body. `now` is the receipt time unless a staff member says otherwise; a time
    /// given may lie at most `maxClockSkew` seconds ahead of it (the floor is the validator's).
    public static func translate(_ body: ComplaintRequest, idempotencyKey: String?, now: Date, maxClockSkew: TimeInterval = 300) -> Translation {
        var problems = ControlCharacters.problems(in: body)
        var staffOnly: [String] = []

        let kind = parse(Kind.self, body.kind, field: "kind", problems: &problems)
        let segment = parse(Segment.self, body.segment, field: "segment", problems: &problems)
        var channel = Channel.web
        if let raw = body.channel?.nilIfBlank {
            if let c = Channel(rawValue: raw) {
                channel = c
                if c != .web { staffOnly.append("channel") }
            } else {
                problems.append(.init("channel", .unknown, th: "ไม่รู้จักช่องทาง \"\(raw)\"", en: "Unknown channel \"\(raw)\"."))
            }
        }
        var receivedAt = now
        if let raw = body.receivedAt?.nilIfBlank {
            staffOnly.append("receivedAt")
            if let date = ISO8601.parse(raw) {
                receivedAt = date
                if date > now.addingTimeInterval(maxClockSkew) {
                    problems.append(.init("receivedAt", .invalid, th: "วันเวลารับเรื่องต้องไม่อยู่ในอนาคต", en: "receivedAt cannot be in the future."))
                }
            } else {
                problems.append(.init("receivedAt", .invalid, th: "วันเวลาต้องอยู่ในรูปแบบ ISO 8601 พร้อมเขตเวลา", en: "receivedAt must be ISO 8601 with an offset, e.g. 2026-11-21T09:30:00+07:00."))
            }
        }
        if body.externalRef?.nilIfBlank != nil { staffOnly.append("externalRef") }
        let contact = body.contact.map { Contact(name: $0.name?.nilIfBlank, phone: $0.phone?.nilIfBlank, email: $0.email?.nilIfBlank) }
        let location = body.location.flatMap { l -> Location? in
            let loc = Location(lat: l.lat, lon: l.lon, address: l.address?.nilIfBlank)
            return loc.lat == nil && loc.lon == nil && loc.address == nil ? nil : loc
        }
        let category = body.category?.nilIfBlank.flatMap { $0 == unsureCategory ? nil : $0 }
        let intake = Intake(
            kind: kind, subject: body.subject?.nilIfBlank, text: body.text ?? "", channel: channel,
            channelMessageKey: idempotencyKey.map { "idem:\($0)" }, receivedAt: receivedAt,
            contact: contact.flatMap { $0.isEmpty ? nil : $0 }, consent: body.consent ?? false,
            location: location, category: category, segment: segment, externalRef: body.externalRef?.nilIfBlank)
        return Translation(intake: intake, problems: problems, staffOnlyFields: staffOnly)
    }

    /// The form's "not sure" choice for category: triage decides.
    public static let unsureCategory = "unsure"

    static func parse<T: RawRepresentable>(_ type: T.Type, _ raw: String?, field: String, problems: inout [FieldError]) -> T? where T.RawValue == String {
        guard let raw = raw?.nilIfBlank else { return nil }
        if let value = T(rawValue: raw) { return value }
        problems.append(.init(field, .unknown, th: "ค่า \"\(raw)\" ใช้ไม่ได้ในช่อง \(field)", en: "\"\(raw)\" is not a valid \(field)."))
        return nil
    }
}

/// ISO 8601 with an offset, with or without fractional seconds.
public enum ISO8601 {
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let d = plain.date(from: text) { return d }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// Formats in Bangkok time with its offset, the way every API answer shows times.
    public static func format(_ date: Date) -> String { BangkokTime.iso8601(date) }
}

extension String {
    var nilIfBlank: String? {
        let t = trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}
