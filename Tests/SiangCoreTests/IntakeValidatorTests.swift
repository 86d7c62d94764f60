import Foundation
import Testing
@testable import SiangCore

@Suite struct IntakeValidatorTests {
    let validator: IntakeValidator
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        let c = try SiangConfiguration.defaults()
        validator = IntakeValidator(limits: c.limits, taxonomy: c.taxonomy)
    }

    func fields(_ intake: Intake) -> [String] { validator.problems(in: intake).map(\.field) }

    @Test func aPlainComplaintIsAccepted() {
        #expect(fields(Intake(text: "ไฟถนนดับทั้งซอย", channel: .web, receivedAt: now)).isEmpty)
    }

    @Test func textIsRequiredAndLimited() {
        #expect(fields(Intake(text: "   \n ", channel: .web, receivedAt: now)) == ["text"])
        #expect(fields(Intake(text: String(repeating: "ก", count: 10_001), channel: .web, receivedAt: now)) == ["text"])
    }

    @Test func contactWithoutConsentIsRefused() {
        let intake = Intake(text: "ขยะไม่เก็บ", channel: .web, receivedAt: now, contact: Contact(name: "สมหญิง"), consent: false)
        let problems = validator.problems(in: intake)
        #expect(problems.map(\.field) == ["consent"])
        #expect(problems[0].code == .required)
        #expect(fields(Intake(text: "ขยะไม่เก็บ", channel: .web, receivedAt: now, contact: Contact(name: "สมหญิง"), consent: true)).isEmpty)
    }

    @Test func unknownCategoryAndBadContactAreNamed() {
        let intake = Intake(text: "x", channel: .web, receivedAt: now, contact: Contact(phone: "12", email: "not-an-email"), consent: true,
                            location: Location(lat: 95, lon: nil), category: "roads")
        #expect(Set(fields(intake)) == ["category", "contact.phone", "contact.email", "location.lat", "location"])
    }

    @Test func phonesAndEmailsPeopleActuallyWriteAreAccepted() {
        for phone in ["081-234-5678", "+66 81 234 5678", "02 123 4567", "(02)1234567"] {
            #expect(IntakeValidator.isPhone(phone), "\(phone)")
        }
        for email in ["somchai@example.go.th", "a.b+c@mail.co"] { #expect(IntakeValidator.isEmail(email), "\(email)") }
        for email in ["a@b", "@b.co", "a b@c.co", "a@.co"] { #expect(!IntakeValidator.isEmail(email), "\(email)") }
    }

    @Test func attachmentCountIsLimited() {
        let files = (0..<6).map { AttachmentRef(sha256: "\($0)", filename: "\($0).png", contentType: "image/png", size: 1) }
        #expect(fields(Intake(text: "x", channel: .web, receivedAt: now, attachments: files)) == ["attachments"])
    }
}
