import Foundation
import SiangCore
import Testing
@testable import Email

/// A mail sent again after a crash (accepted by the SMTP server, not yet marked delivered) must be the
/// same message to the mailbox: the several-servers end-to-end test SIGKILLs the outbox leader mid-send.
@Suite("Outbound Message-ID")
struct OutboundMessageIDTests {
    let id = try! TrackingID.parse("CMP-69917JZSTPR", expectedPrefix: "CMP")
    let date = Date(timeIntervalSince1970: 1_780_000_000)

    func compose(key: String, trackingID: TrackingID?, date: Date) -> EmailComposer.Message {
        EmailComposer.compose(from: "siang@voice.example.go.th", fromName: "เทศบาล", to: "a@example.com", subject: "s", body: "b",
                              trackingID: trackingID, key: key, date: date)
    }

    @Test func aMailSentAgainCarriesTheSameMessageID() {
        let first = compose(key: "ack:email:\(id)", trackingID: id, date: date)
        let again = compose(key: "ack:email:\(id)", trackingID: id, date: date.addingTimeInterval(30))
        #expect(first.messageID == again.messageID)
        #expect(first.messageID.hasSuffix("@voice.example.go.th"))
        #expect(OutboundMessageID.trackingID(in: "<\(first.messageID)>", prefix: "CMP") == id, "a reply still leads to its case")
    }

    @Test func differentMessagesHaveDifferentMessageIDs() {
        let ack = compose(key: "ack:email:\(id)", trackingID: id, date: date).messageID
        let notice = compose(key: "notice:\(id):1", trackingID: id, date: date).messageID
        let staffA = compose(key: "staff:boss:esc:1", trackingID: nil, date: date).messageID
        let staffB = compose(key: "staff:boss:esc:2", trackingID: nil, date: date).messageID
        #expect(Set([ack, notice, staffA, staffB]).count == 4)
    }

    @Test func theKeyItselfStaysOutOfTheHeader() {
        let message = compose(key: "staff:somchai.k:esc:CMP-1", trackingID: nil, date: date)
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(!text.contains("somchai"))
        #expect(message.messageID.hasPrefix("siang-notice.") && OutboundMessageID.token("x").count == 16)
    }
}
