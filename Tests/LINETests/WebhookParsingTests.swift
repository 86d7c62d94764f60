import Foundation
import LINE
import Testing

@Suite struct WebhookParsingTests {
    /// A body as the Messaging API reference shows it, with one event of every kind we act on and
    /// the three kinds of source, in one request.
    static let documented = #"""
    {
      "destination": "U0bot00000000000000000000000000bot",
      "events": [
        {
          "type": "message",
          "message": {"type": "text", "id": "468789577898262530", "quoteToken": "q3Plxr4AgKd...",
                      "text": "@ศูนย์รับเรื่อง ไฟส่องสว่างหน้าตลาดดับ",
                      "mention": {"mentionees": [{"index": 0, "length": 15, "type": "user", "userId": "U0bot00000000000000000000000000bot", "isSelf": true}]}},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6T",
          "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666727,
          "source": {"type": "group", "groupId": "Ca56f94637cc4347f90a25382909b24b9", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "38ef843bde154d9b91c21320ffd17a0f",
          "mode": "active"
        },
        {
          "type": "message",
          "message": {"type": "image", "id": "354718705033693859", "quoteToken": "q3Plxr4AgKd...",
                      "contentProvider": {"type": "line"}, "imageSet": {"id": "E005D41A7288F41B65593ED38FF6E9834B046AB36A37921A56BC236F13A91855", "index": 1, "total": 2}},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6U",
          "deliveryContext": {"isRedelivery": true},
          "timestamp": 1692251666728,
          "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "8cf9239d56244f4197887e939187e19e",
          "mode": "active"
        },
        {
          "type": "message",
          "message": {"type": "location", "id": "325708", "title": "ตลาดสดเทศบาล", "address": "ถนนราชดำเนิน",
                      "latitude": 13.756331, "longitude": 100.501765},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6V",
          "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666729,
          "source": {"type": "room", "roomId": "Ra8dbf4ccc5a0f8f3b9e6f0e1a2b3c4d5", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "b60d432864f44d079f6d8efe86cf404b",
          "mode": "active"
        },
        {
          "type": "message",
          "message": {"type": "sticker", "id": "1501597916", "quoteToken": "q3Plxr4AgKd...", "stickerId": "52002738",
                      "packageId": "11537", "stickerResourceType": "ANIMATION", "keywords": ["cony", "Thanks"]},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6W", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666730, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "0f3779fba3b349968c5d07db31eab56f", "mode": "active"
        },
        {
          "type": "message",
          "message": {"type": "file", "id": "325708", "fileName": "หนังสือร้องเรียน.pdf", "fileSize": 2138},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6X", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666731, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "0f3779fba3b349968c5d07db31eab570", "mode": "active"
        },
        {
          "type": "follow", "follow": {"isUnblocked": false},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6Y", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666732, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "85cbe770fa8b4f45bbe077b1d4be4a36", "mode": "active"
        },
        {
          "type": "unfollow",
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E6Z", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666733, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "mode": "active"
        },
        {
          "type": "postback", "postback": {"data": "survey=abc&q=overall&score=5"},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E70", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666734, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "b60d432864f44d079f6d8efe86cf404c", "mode": "active"
        },
        {
          "type": "beacon", "beacon": {"hwid": "d41d8cd98f", "type": "enter"},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E71", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666735, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "b60d432864f44d079f6d8efe86cf404d", "mode": "active"
        },
        {
          "type": "message",
          "message": {"type": "video", "id": "325709", "duration": 60000, "contentProvider": {"type": "line"}},
          "webhookEventId": "01H810YECXQQZ37VAXPF6H9E72", "deliveryContext": {"isRedelivery": false},
          "timestamp": 1692251666736, "source": {"type": "user", "userId": "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"},
          "replyToken": "b60d432864f44d079f6d8efe86cf404e", "mode": "active"
        }
      ]
    }
    """#

    @Test func everyDocumentedEventInOneBodyIsRead() throws {
        let body = try LINEWebhookBody.decode(Data(Self.documented.utf8))
        #expect(body.destination == "U0bot00000000000000000000000000bot")
        #expect(body.events.count == 10)
        let alice = "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"

        let text = body.events[0]
        #expect(text.webhookEventId == "01H810YECXQQZ37VAXPF6H9E6T")
        #expect(text.replyToken == "38ef843bde154d9b91c21320ffd17a0f")
        #expect(text.timestamp == Date(timeIntervalSince1970: 1692251666.727))
        #expect(!text.isRedelivery)
        #expect(text.source == .group(groupID: "Ca56f94637cc4347f90a25382909b24b9", userID: alice))
        guard case .message(let m) = text.kind, case .text(let words, let mention) = m.content else {
            Issue.record("not a text message: \(text.kind)")
            return
        }
        #expect(m.id == "468789577898262530")
        #expect(words == "@ศูนย์รับเรื่อง ไฟส่องสว่างหน้าตลาดดับ")
        #expect(mention?.mentionees == [.init(index: 0, length: 15, type: "user", userId: "U0bot00000000000000000000000000bot", isSelf: true)])

        let image = body.events[1]
        #expect(image.isRedelivery)
        #expect(image.source == .user(userID: alice))
        guard case .message(let im) = image.kind, case .image(let set, let fromLINE) = im.content else {
            Issue.record("not an image: \(image.kind)")
            return
        }
        #expect(im.id == "354718705033693859")
        #expect(fromLINE)
        #expect(set?.index == 1 && set?.total == 2 && set?.isLast == false)

        #expect(body.events[2].source == .room(roomID: "Ra8dbf4ccc5a0f8f3b9e6f0e1a2b3c4d5", userID: alice))
        #expect(body.events[2].kind == .message(LINEMessage(id: "325708", content: .location(title: "ตลาดสดเทศบาล", address: "ถนนราชดำเนิน",
                                                                                              latitude: 13.756331, longitude: 100.501765))))
        #expect(body.events[3].kind == .message(LINEMessage(id: "1501597916", content: .sticker(packageID: "11537", stickerID: "52002738"))))
        #expect(body.events[4].kind == .message(LINEMessage(id: "325708", content: .file(name: "หนังสือร้องเรียน.pdf", size: 2138))))
        #expect(body.events[5].kind == .follow)
        #expect(body.events[6].kind == .unfollow)
        #expect(body.events[6].replyToken == nil)
        #expect(body.events[7].kind == .postback(data: "survey=abc&q=overall&score=5"))
        #expect(body.events[8].kind == .unsupported("beacon"))
        #expect(body.events[9].kind == .message(LINEMessage(id: "325709", content: .unsupported("video"))))
    }

    @Test func theConsoleVerificationBodyHasNoEvents() throws {
        let body = try LINEWebhookBody.decode(Data(#"{"destination":"U0bot","events":[]}"#.utf8))
        #expect(body.events.isEmpty)
    }

    @Test func aBrokenEventDoesNotHideTheOthers() throws {
        let json = #"""
        {"destination":"U0bot","events":[
          42,
          {"type":"message","webhookEventId":"01A","timestamp":1,"source":{"type":"user","userId":"U1"},"message":{"type":"text"}},
          {"type":"follow","webhookEventId":"01B","timestamp":2,"source":{"type":"user","userId":"U1"},"replyToken":"r"}
        ]}
        """#
        let body = try LINEWebhookBody.decode(Data(json.utf8))
        #expect(body.events.count == 3)
        #expect(body.events[0].kind == .unsupported("not an event object"))
        #expect(body.events[1].kind == .unsupported("message event without a readable message"))
        #expect(body.events[2].kind == .follow)
        #expect(body.events[2].webhookEventId == "01B")
    }

    @Test func somethingThatIsNotAWebhookBodyIsAnError() {
        #expect(throws: (any Error).self) { try LINEWebhookBody.decode(Data("not json".utf8)) }
        #expect(throws: (any Error).self) { try LINEWebhookBody.decode(Data(#"{"destination":"U0bot"}"#.utf8)) }
        #expect(throws: (any Error).self) { try LINEWebhookBody.decode(Data(#"[1,2]"#.utf8)) }
    }
}
