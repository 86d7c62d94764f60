import SiangCore

/// Control characters in what the web channel receives. A NUL or another C0 control in a text field
/// is never something a person typed: it is refused with the field named (422), never cut out
/// silently, so what is stored is what was sent. Tab, line feed and carriage return are text.
public enum ControlCharacters {
    /// The first control character in `text`, if any.
    public static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0x7F }
    }

    /// One problem for each field of `body` that holds a control character, with the field's API name.
    static func problems(in body: ComplaintRequest) -> [FieldError] {
        let fields: [(String, String?)] = [
            ("text", body.text), ("subject", body.subject), ("kind", body.kind), ("category", body.category), ("segment", body.segment),
            ("channel", body.channel), ("receivedAt", body.receivedAt), ("externalRef", body.externalRef),
            ("location.address", body.location?.address), ("contact.name", body.contact?.name),
            ("contact.phone", body.contact?.phone), ("contact.email", body.contact?.email),
        ]
        return fields.compactMap { field, value in
            guard let value, let scalar = first(in: value) else { return nil }
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            return FieldError(field, .invalid, th: "ช่อง \(field) มีอักขระควบคุม (\(code)) ซึ่งไม่อนุญาต กรุณาลบออกแล้วส่งใหม่",
                              en: "\(field) contains a control character (\(code)), which is not allowed; remove it and send again.")
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
