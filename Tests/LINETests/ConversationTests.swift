import Foundation
import LINE
import SiangCore
import Testing

@Suite struct ConversationTests {
    let rules = LINEConversation(trackingPrefix: "CMP")
    let id = try! TrackingID.parse("CMP-69K7MQ2XDJN", expectedPrefix: "CMP")

    func intent(_ event: [String: Any]) throws -> LINEIntent {
        let body = try LINEWebhookBody.decode(Webhook.body([event]))
        return rules.interpret(try #require(body.events.first), destination: body.destination)
    }

    @Test(arguments: ["CMP-69K7MQ2XDJN", "cmp 69k7 mq2x djn", "69K7MQ2XDJN", "ติดตาม CMP-69K7MQ2XDJN", "ติดตามCMP-69K7MQ2XDJN",
                      "ติดตาม: cmp-69k7mq2xdjn", "track CMP-69K7MQ2XDJN", "Track 69K7MQ2XDJN", "  ติดตาม   CMP-69K7MQ2XDJN  "])
    func aTrackingIDAsksForTheStatus(_ text: String) throws {
        #expect(try intent(Webhook.text(text, id: "e1")) == .trackingQuery(.id(id)))
    }

    @Test func aMistypedIDIsCaughtNotFiledAsAComplaint() throws {
        #expect(try intent(Webhook.text("CMP-69K7MQ2XDJM", id: "e1")) == .trackingQuery(.checkFailed("CMP-69K7MQ2XDJM")))
        #expect(try intent(Webhook.text("ติดตาม CMP-69K7MQ2XDJM", id: "e1")) == .trackingQuery(.checkFailed("CMP-69K7MQ2XDJM")))
        #expect(try intent(Webhook.text("ติดตาม", id: "e1")) == .trackingQuery(.missing))
    }

    @Test func otherTextIsAMessageForACase() throws {
        #expect(try intent(Webhook.text("  ไฟส่องสว่างหน้าตลาดดับมา 3 วันแล้ว  ", id: "e1")) == .text("ไฟส่องสว่างหน้าตลาดดับมา 3 วันแล้ว"))
        // A command followed by words, not an ID, is an ordinary message.
        #expect(try intent(Webhook.text("ติดตามเรื่องท่อระบายน้ำอุดตันที่แจ้งไว้เมื่อวาน", id: "e1"))
                == .text("ติดตามเรื่องท่อระบายน้ำอุดตันที่แจ้งไว้เมื่อวาน"))
        #expect(try intent(Webhook.text("tracking the garbage truck, it never comes", id: "e1")) == .text("tracking the garbage truck, it never comes"))
    }

    @Test func imagesFilesAndLocationsAreForTheRecentCase() throws {
        #expect(try intent(Webhook.image(id: "e1", messageID: "9001")) == .attachment(messageID: "9001", filename: "line-9001.jpg", fromLINE: true, lastOfSet: true))
        #expect(try intent(Webhook.image(id: "e1", messageID: "9001", set: (1, 3))) == .attachment(messageID: "9001", filename: "line-9001.jpg", fromLINE: true, lastOfSet: false))
        #expect(try intent(Webhook.file(id: "e1")) == .attachment(messageID: "m-e1", filename: "หนังสือร้องเรียน.pdf", fromLINE: true, lastOfSet: true))
        #expect(try intent(Webhook.location(id: "e1")) == .location(Location(lat: 13.756331, lon: 100.501765,
                                                                             address: "ตลาดสดเทศบาล ถนนราชดำเนิน ตำบลในเมือง อำเภอเมือง")))
    }

    @Test func followIsGreetedAndUnfollowStopsPushes() throws {
        #expect(try intent(Webhook.follow(id: "e1")) == .greet)
        #expect(try intent(Webhook.unfollow(id: "e1")) == .optOut)
    }

    @Test func stickersOtherPostbacksAndUnknownTypesAreIgnored() throws {
        #expect(try intent(Webhook.sticker(id: "e1")) == .ignore("sticker"))
        #expect(try intent(Webhook.postback(id: "e1", data: "x=1")) == .ignore("postback"))
        #expect(try intent(Webhook.postback(id: "e1", data: "survey=tok&overall=4")) == .surveyAnswer("survey=tok&overall=4"))
        #expect(try intent(Webhook.event("beacon", id: "e1")) == .ignore("event type beacon"))
        #expect(try intent(Webhook.event("message", id: "e1", extra: ["message": ["type": "audio", "id": "1", "duration": 1000]]))
                == .ignore("message type audio"))
    }

    @Test func inAGroupOnlyMessagesForTheAccountCount() throws {
        let group = Webhook.source(group: Webhook.group)
        #expect(try intent(Webhook.text("พรุ่งนี้ประชุมกี่โมงครับ", id: "e1", source: group)) == .ignore("group message not addressed to the account"))
        #expect(try intent(Webhook.text("แจ้งเรื่อง ถนนหน้าโรงเรียนเป็นหลุมลึก", id: "e1", source: group)) == .text("ถนนหน้าโรงเรียนเป็นหลุมลึก"))
        #expect(try intent(Webhook.text("ร้องเรียน: เจ้าหน้าที่พูดจาไม่สุภาพ", id: "e1", source: Webhook.source(room: Webhook.room)))
                == .text("เจ้าหน้าที่พูดจาไม่สุภาพ"))
        #expect(try intent(Webhook.text("แจ้งเรื่อง", id: "e1", source: group)) == .needsDetails)
        #expect(try intent(Webhook.text("ติดตาม CMP-69K7MQ2XDJN", id: "e1", source: group)) == .trackingQuery(.id(id)))
        // A bare ID in a group chat may be anyone's conversation.
        #expect(try intent(Webhook.text("CMP-69K7MQ2XDJN", id: "e1", source: group)) == .ignore("group message not addressed to the account"))
        #expect(try intent(Webhook.image(id: "e1", messageID: "1", source: group)) == .ignore("group image"))
        #expect(try intent(Webhook.location(id: "e1", source: group)) == .ignore("group location"))
    }

    @Test func aMentionOfTheAccountAddressesIt() throws {
        let group = Webhook.source(group: Webhook.group)
        let text = "@ศูนย์รับเรื่อง ไฟดับทั้งซอย 5"
        let us = [["index": 0, "length": 15, "type": "user", "userId": Webhook.botUserID, "isSelf": true] as [String: Any]]
        #expect(try intent(Webhook.text(text, id: "e1", source: group, mention: us)) == .text("ไฟดับทั้งซอย 5"))
        // Older bodies have no isSelf: the mentioned user is the destination.
        let old = [["index": 0, "length": 15, "type": "user", "userId": Webhook.botUserID] as [String: Any]]
        #expect(try intent(Webhook.text(text, id: "e1", source: group, mention: old)) == .text("ไฟดับทั้งซอย 5"))
        let someoneElse = [["index": 0, "length": 15, "type": "user", "userId": Webhook.bob, "isSelf": false] as [String: Any]]
        #expect(try intent(Webhook.text(text, id: "e1", source: group, mention: someoneElse)) == .ignore("group message not addressed to the account"))
    }
}
