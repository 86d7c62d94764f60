import Foundation
import SiangCore

/// The JSON body of `POST /api/v1/complaints` (DESIGN.md 5.3), as it arrives: enum-like fields are
/// plain strings here so an unknown value becomes a field error rather than a parse failure.
public struct ComplaintRequest: Decodable, Sendable {
    public var text: String?
    public var kind: String?
    public var subject: String?
    public var category: String?
    public var segment: String?
    public var location: LocationBody?
    public var contact: ContactBody?
    public var consent: Bool?
    public var channel: String?
    public var receivedAt: String?
    public var externalRef: String?

    public struct LocationBody: Decodable, Sendable {
        public var lat: Double?
        public var lon: Double?
        public var address: String?
        public init(lat: Double?, lon: Double?, address: String?) {
            self.lat = lat
            self.lon = lon
            self.address = address
        }
    }

    public struct ContactBody: Decodable, Sendable {
        public var name: String?
        public var phone: String?
        public var email: String?
        public init(name: String?, phone: String?, email: String?) {
            self.name = name
            self.phone = phone
            self.email = email
        }
    }

    public init(text: String?, kind: String? = nil, subject: String? = nil, category: String? = nil, segment: String? = nil,
                location: LocationBody? = nil, contact: ContactBody? = nil, consent: Bool? = nil, channel: String? = nil,
                receivedAt: String? = nil, externalRef: String? = nil) {
        self.text = text
        self.kind = kind
        self.subject = subject
        self.category = category
        self.segment = segment
        self.location = location
        self.contact = contact
        self.consent = consent
        self.channel = channel
        self.receivedAt = receivedAt
        self.externalRef = externalRef
    }
}

