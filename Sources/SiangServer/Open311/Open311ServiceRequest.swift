import Foundation
import SiangCore
import WebForm

/// A GeoReport v2 `POST requests` form translated into the one ``Intake`` every channel produces
/// (channel `open311`). The contact fields (`email`, `first_name`, `last_name`, `phone`) are kept
/// only when the client also sends `attribute[consent]=true`; without it they are dropped before
/// anything is stored. `media_url`, `device_id` and `address_id` are never kept: attachments stay
/// private to the agency and Siang fetches nothing a client points at.
struct Open311ServiceRequest {
    /// The longest client token (`Idempotency-Key` header or `client_token` field) taken, so the
    /// stored channel key with its key-id prefix stays within 255 bytes.
    static let maxClientTokenBytes = 200

    /// The fields whose values may be stored or echoed.
    static let keptFields = ["service_code", "description", "lat", "long", "address_string", "email", "first_name", "last_name", "phone",
                             "client_token", "account_id", "attribute[\(Open311Attributes.consent)]"]

    var intake: Intake
    /// What the client calls its user, echoed in the answer and never stored.
    var accountID: String?

    /// The form as the client sent it, or 400 naming every field that cannot be taken.
    init(form: [String: String], keyID: Int64, idempotencyKey: String?, services: Open311Services,
         receivedAt: Date) throws(Open311Error) {
        // A NUL or another C0 control is never something a person typed: refused with the field named,
        // never cut out silently (as the web channel does), so what is stored is what was sent.
        var problems = Self.keptFields.compactMap { name -> String? in
            guard let value = form[name], let scalar = ControlCharacters.first(in: value) else { return nil }
            return "\(name) contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true))), which is not allowed."
        }
        let value = { (name: String) -> String? in
            guard let v = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return v
        }
        var category: String?
        if let code = value("service_code") {
            if services.taxonomy.contains(code) { category = code } else {
                problems.append("service_code \(code.prefix(60)) is not a service of this agency; see services.json.")
            }
        } else {
            problems.append("service_code is required.")
        }
        let number = { (name: String) -> Double? in
            guard let raw = value(name) else { return nil }
            if let d = Double(raw), d.isFinite { return d }
            problems.append("\(name) is not a number.")
            return nil
        }
        let lat = number("lat"), lon = number("long")
        let consent: Bool
        switch value("attribute[\(Open311Attributes.consent)]")?.lowercased() {
        case nil, "false": consent = false
        case "true": consent = true
        default:
            consent = false
            problems.append("attribute[consent] must be true or false.")
        }
        let token = idempotencyKey ?? value("client_token")
        if let token, token.isEmpty || token.utf8.count > Self.maxClientTokenBytes {
            problems.append("The Idempotency-Key or client_token must be 1 to \(Self.maxClientTokenBytes) bytes.")
        }
        var contact: Contact?
        if consent {
            let name = [value("first_name"), value("last_name")].compactMap { $0 }.joined(separator: " ")
            let given = Contact(name: name.isEmpty ? nil : name, phone: value("phone"), email: value("email"))
            contact = given.isEmpty ? nil : given
        }
        let address = value("address_string")
        intake = Intake(
            text: form["description"] ?? "", channel: .open311, channelMessageKey: token.map { "\(keyID):\($0)" }, receivedAt: receivedAt,
            contact: contact, consent: consent && contact != nil,
            location: lat == nil && lon == nil && address == nil ? nil : Location(lat: lat, lon: lon, address: address),
            category: category)
        accountID = value("account_id")
        guard problems.isEmpty else { throw Open311Error(.badRequest, problems) }
    }

    /// The pipeline's field problems in the names the client sent.
    static func describe(_ problems: [FieldError]) -> Open311Error {
        Open311Error(.badRequest, problems.map { "\(formName(of: $0.field)): \($0.message)" })
    }

    static func formName(of field: String) -> String {
        switch field {
        case "text": "description"
        case "category": "service_code"
        case "contact.name": "first_name/last_name"
        case "contact.phone": "phone"
        case "contact.email": "email"
        case "location.lat": "lat"
        case "location.lon": "long"
        case "location": "lat/long"
        case "location.address": "address_string"
        case "consent": "attribute[consent]"
        default: field
        }
    }
}
