import Foundation
import SiangCore

/// Writes the mail we send: UTF-8 text, the subject as an RFC 2047 encoded word carrying the
/// tracking ID, a Message-ID that leads a reply back to its case.
public enum EmailComposer {
    public struct Message: Sendable {
        public var bytes: [UInt8]
        public var messageID: String
    }

    /// `key` says which message this is (the outbox row's dedupe key); it makes the Message-ID, so every
    /// attempt at the same message carries the same one.
    public static func compose(from: String, fromName: String, to: String, subject: String, body: String,
                               trackingID: TrackingID?, key: String, date: Date) -> Message {
        let host = from.split(separator: "@").last.map(String.init) ?? "siang.local"
        // A notice to staff about a service point names no case; a reply to it leads nowhere.
        let messageID = trackingID.map { OutboundMessageID.make(for: $0, host: host, key: key) }
            ?? "siang-notice.\(OutboundMessageID.token(key))@\(host)"
        let lines = [
            "From: \(encodedWord(fromName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(encodedWord(subject))",
            "Date: \(InternetDate.mail(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
            wrapped(Data(body.utf8).base64EncodedString()),
        ]
        return Message(bytes: Array(lines.joined(separator: "\r\n").utf8) + Array("\r\n".utf8), messageID: messageID)
    }

    /// RFC 2047 B-encoding in words of at most 75 characters, never splitting a UTF-8 character.
    public static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 32 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for ch in text {
            if (chunk + String(ch)).utf8.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk.utf8).base64EncodedString())?=")
                chunk = ""
            }
            chunk.append(ch)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk.utf8).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func wrapped(_ base64: String) -> String {
        var out: [Substring] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            out.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return out.joined(separator: "\r\n")
    }

    /// A notice about a case (kind `status_notice` or `public_reply`, written by the staff workspace):
    /// the notice's Thai text in a letter with the tracking ID in the subject.
    public static func notice(kind: String, trackingID: TrackingID, text: String, agencyName: String) -> (subject: String, body: String) {
        let subject = kind == "public_reply"
            ? "[\(trackingID)] \(agencyName) ตอบเรื่องของท่าน"
            : "[\(trackingID)] ความคืบหน้าเรื่องของท่าน"
        let body = """
            เรียน ผู้แจ้งเรื่อง

            \(text)

            หากต้องการแจ้งข้อมูลเพิ่มเติม โปรดตอบกลับอีเมลฉบับนี้โดยคงเลขติดตามเรื่องไว้ในหัวเรื่อง

            ขอแสดงความนับถือ
            \(agencyName)
            """
        return (subject, body)
    }

    /// The acknowledgement a complainant gets by email.
    public static func acknowledgement(trackingID: TrackingID, trackURL: String, agencyName: String) -> (subject: String, body: String) {
        let subject = "[\(trackingID)] \(agencyName) ได้รับเรื่องของท่านแล้ว"
        let body = """
            เรียน ผู้แจ้งเรื่อง

            \(agencyName) ได้รับเรื่องของท่านแล้ว เลขติดตามเรื่องของท่านคือ \(trackingID)
            ท่านสามารถตรวจสอบความคืบหน้าได้ตลอด 24 ชั่วโมงที่ \(trackURL)
            หากต้องการแจ้งข้อมูลเพิ่มเติม โปรดตอบกลับอีเมลฉบับนี้โดยคงเลขติดตามเรื่องไว้ในหัวเรื่อง

            ขอแสดงความนับถือ
            \(agencyName)

            This is to confirm that we received your message. Your tracking ID is \(trackingID); follow it at \(trackURL).
            """
        return (subject, body)
    }
}
