import Foundation
import SiangCore

/// The fields of the citizen form (`POST /complaints`), all as the browser sends them: strings.
public struct ComplaintForm: Sendable {
    public var fields: [String: String]
    public var attachments: [AttachmentRef]

    public init(fields: [String: String], attachments: [AttachmentRef]) {
        self.fields = fields
        self.attachments = attachments
    }

    /// The form as an API body, so both web entry points share one set of rules.
    public var request: ComplaintRequest {
        let lat = fields["lat"]?.nilIfBlank
        let lon = fields["lon"]?.nilIfBlank
        return ComplaintRequest(
            text: fields["text"], kind: fields["kind"], subject: fields["subject"], category: fields["category"],
            segment: fields["segment"],
            location: .init(lat: lat.flatMap(Double.init), lon: lon.flatMap(Double.init), address: fields["address"]),
            contact: .init(name: fields["name"], phone: fields["phone"], email: fields["email"]),
            consent: ["on", "true", "1", "yes"].contains(fields["consent"] ?? ""))
    }

    /// Reads the form. `nonce` is the form's one-time token, used as the channel key so a double
    /// submit files one case.
    public func translate(nonce: String?, now: Date) -> WebIntake.Translation {
        var t = WebIntake.translate(request, idempotencyKey: nil, now: now)
        t.intake.channelMessageKey = nonce.map { "form:\($0)" }
        t.intake.attachments = attachments
        for key in ["lat", "lon"] {
            if let raw = fields[key]?.nilIfBlank, Double(raw) == nil {
                t.problems.append(.init("location.\(key)", .invalid, th: "พิกัดต้องเป็นตัวเลข", en: "Coordinates must be numbers."))
            }
        }
        return t
    }
}
