import Foundation

/// Checks an ``Intake`` against the limits and the taxonomy before anything is stored, and says for
/// each field what is wrong, so the citizen can correct the form in one go.
public struct IntakeValidator: Sendable {
    public let limits: IntakeLimits
    public let taxonomy: Taxonomy
    /// The earliest receipt time accepted (``IntakeSettings/floorDate``); nil: no floor.
    public let receivedAtFloor: Date?

    public init(limits: IntakeLimits, taxonomy: Taxonomy, receivedAtFloor: Date? = nil) {
        self.limits = limits
        self.taxonomy = taxonomy
        self.receivedAtFloor = receivedAtFloor
    }

    /// All problems found; empty means the intake may be stored.
    public func problems(in intake: Intake) -> [FieldError] {
        var errors: [FieldError] = []
        let text = intake.text.trimmingWhitespace
        if text.isEmpty {
            errors.append(.init("text", .required, th: "กรุณากรอกรายละเอียดเรื่อง", en: "Please describe the matter."))
        } else if Self.isLonger(text, than: limits.maxTextLength) {
            errors.append(.init("text", .tooLong, th: "รายละเอียดยาวเกิน \(limits.maxTextLength) ตัวอักษร", en: "The text is longer than \(limits.maxTextLength) characters."))
        }
        if let subject = intake.subject, Self.isLonger(subject, than: limits.maxSubjectLength) {
            errors.append(.init("subject", .tooLong, th: "หัวเรื่องยาวเกิน \(limits.maxSubjectLength) ตัวอักษร", en: "The subject is longer than \(limits.maxSubjectLength) characters."))
        }
        if let floor = receivedAtFloor, intake.receivedAt < floor {
            errors.append(.init("receivedAt", .invalid, th: "วันเวลารับเรื่องต้องไม่ก่อน\(ThaiDateFormatter.date(floor, .th))",
                                en: "receivedAt cannot be before \(ThaiDateFormatter.date(floor, .en)) (intake.receivedAtFloor)."))
        }
        if let category = intake.category, !taxonomy.contains(category) {
            errors.append(.init("category", .unknown, th: "ไม่พบหมวดเรื่อง \"\(category)\"", en: "Unknown category \"\(category)\"."))
        }
        if let contact = intake.contact, !contact.isEmpty {
            if !intake.consent {
                errors.append(.init("consent", .required, th: "กรุณายินยอมให้ใช้ข้อมูลติดต่อเพื่อดำเนินการเรื่องนี้ หรือเว้นข้อมูลติดต่อว่างไว้", en: "Please consent to the use of your contact details for this case, or leave them empty."))
            }
            if let name = contact.name, Self.isLonger(name, than: limits.maxNameLength) {
                errors.append(.init("contact.name", .tooLong, th: "ชื่อยาวเกินไป", en: "The name is too long."))
            }
            if let phone = contact.phone, !phone.isEmpty, !Self.isPhone(phone) {
                errors.append(.init("contact.phone", .invalid, th: "หมายเลขโทรศัพท์ไม่ถูกต้อง", en: "The phone number is not valid."))
            }
            if let email = contact.email, !email.isEmpty, !Self.isEmail(email) {
                errors.append(.init("contact.email", .invalid, th: "อีเมลไม่ถูกต้อง", en: "The email address is not valid."))
            }
        }
        if let location = intake.location {
            if let lat = location.lat, !(lat.isFinite && (-90...90).contains(lat)) {
                errors.append(.init("location.lat", .invalid, th: "ละติจูดต้องอยู่ระหว่าง -90 ถึง 90", en: "Latitude must be between -90 and 90."))
            }
            if let lon = location.lon, !(lon.isFinite && (-180...180).contains(lon)) {
                errors.append(.init("location.lon", .invalid, th: "ลองจิจูดต้องอยู่ระหว่าง -180 ถึง 180", en: "Longitude must be between -180 and 180."))
            }
            if (location.lat == nil) != (location.lon == nil) {
                errors.append(.init("location", .invalid, th: "กรุณาระบุทั้งละติจูดและลองจิจูด", en: "Give both latitude and longitude, or neither."))
            }
            if let address = location.address, Self.isLonger(address, than: limits.maxAddressLength) {
                errors.append(.init("location.address", .tooLong, th: "ที่อยู่ยาวเกินไป", en: "The address is too long."))
            }
        }
        if let ref = intake.externalRef, Self.isLonger(ref, than: limits.maxExternalRefLength) {
            errors.append(.init("externalRef", .tooLong, th: "เลขอ้างอิงยาวเกินไป", en: "The external reference is too long."))
        }
        if intake.attachments.count > limits.maxAttachments {
            errors.append(.init("attachments", .tooMany, th: "แนบไฟล์ได้ไม่เกิน \(limits.maxAttachments) ไฟล์", en: "At most \(limits.maxAttachments) files can be attached."))
        }
        if let key = intake.channelMessageKey, key.isEmpty || key.utf8.count > 255 {
            errors.append(.init("channelMessageKey", .invalid, th: "รหัสป้องกันการส่งซ้ำไม่ถูกต้อง", en: "The idempotency key must be 1 to 255 bytes."))
        }
        return errors
    }

    /// Whether `s` has more than `limit` characters. Counting characters walks grapheme clusters; a
    /// text with no more UTF-8 bytes than the limit cannot have more characters, which settles most.
    static func isLonger(_ s: String, than limit: Int) -> Bool {
        s.utf8.count > limit && s.count > limit
    }

    static func isPhone(_ s: String) -> Bool {
        let allowed = s.allSatisfy { $0.isASCII && ($0.isNumber || "+-() ".contains($0)) }
        let digits = s.filter(\.isNumber).count
        return allowed && (9...15).contains(digits)
    }

    public static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return s.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !s.contains(where: \.isWhitespace)
    }
}

/// One problem with one input field, in both languages.
public struct FieldError: Codable, Sendable, Equatable {
    public enum Code: String, Codable, Sendable {
        case required, tooLong = "too_long", invalid, unknown, tooMany = "too_many", tooLarge = "too_large", unsupportedType = "unsupported_type", forbidden
    }

    public var field: String
    public var code: Code
    public var message: String
    public var messageTh: String

    public init(_ field: String, _ code: Code, th: String, en: String) {
        self.field = field
        self.code = code
        self.message = en
        self.messageTh = th
    }

    public func message(_ language: Language) -> String { language == .th ? messageTh : message }
}
