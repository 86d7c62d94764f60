import Foundation
import SiangCore

/// The words the account says, in Thai as an agency's officer would write them, with the tracking
/// link built from the agency's public address.
public struct LINEReplies: Sendable {
    public var agencyName: String
    public var publicBaseURL: String
    public var trackingPrefix: String
    /// Minutes during which images and a location join the case just opened (said in the answers).
    public var joinMinutes: Int

    public init(configuration: SiangConfiguration, joinMinutes: Int = 10) {
        agencyName = configuration.agency.nameTh
        publicBaseURL = configuration.agency.publicBaseURL
        trackingPrefix = configuration.trackingPrefix
        self.joinMinutes = joinMinutes
    }

    public func trackURL(_ id: TrackingID) -> String {
        (publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL) + "/track/\(id)"
    }

    var example: String { "\(trackingPrefix)-69K7MQ2XDJN" }

    /// A new case was opened from the user's message.
    public func received(_ id: TrackingID) -> String {
        """
        \(agencyName) ได้รับเรื่องของท่านแล้ว
        เลขติดตามเรื่อง: \(id)
        ติดตามความคืบหน้าได้ที่ \(trackURL(id))
        หากมีภาพถ่ายหรือตำแหน่งที่เกิดเหตุ ส่งเพิ่มเติมได้ภายใน \(joinMinutes) นาที ระบบจะรวมไว้ในเรื่องเดียวกัน
        """
    }

    /// A further message was added to the user's recent case.
    public func joined(_ id: TrackingID) -> String {
        "ได้รับข้อมูลเพิ่มเติมแล้ว และรวมไว้ในเรื่องเลขที่ \(id)\nติดตามความคืบหน้าได้ที่ \(trackURL(id))"
    }

    /// The answer to a tracking query for a case that exists.
    public func status(_ id: TrackingID, status: Status, updatedAt: Date) -> String {
        """
        เรื่องเลขที่ \(id)
        สถานะ: \(status.label.th)
        ปรับปรุงล่าสุด: \(ThaiDateFormatter.dateTime(updatedAt, .th))
        ดูรายละเอียดได้ที่ \(trackURL(id))
        """
    }

    public func notFound(_ id: TrackingID) -> String {
        "ไม่พบเรื่องเลขที่ \(id) กรุณาตรวจสอบเลขติดตามเรื่องอีกครั้ง"
    }

    public func checkFailed() -> String {
        "เลขติดตามเรื่องไม่ถูกต้อง อาจพิมพ์ตัวอักษรผิดบางตัว กรุณาตรวจสอบอีกครั้ง (ตัวอย่าง \(example))"
    }

    public func howToTrack() -> String {
        "กรุณาพิมพ์คำว่า ติดตาม ตามด้วยเลขติดตามเรื่อง เช่น ติดตาม \(example)"
    }

    /// An image, file or location came with no case to add it to.
    public func describeFirst() -> String {
        "กรุณาพิมพ์รายละเอียดเรื่องที่ต้องการแจ้งก่อน แล้วจึงส่งภาพถ่ายหรือตำแหน่งที่เกิดเหตุตามมาภายใน \(joinMinutes) นาที"
    }

    /// A keyword or mention with nothing after it.
    public func needsDetails() -> String {
        "กรุณาพิมพ์รายละเอียดเรื่องที่ต้องการแจ้งต่อท้ายข้อความ เช่น แจ้งเรื่อง ไฟส่องสว่างหน้าตลาดดับ"
    }

    /// A staff member's LINE user is now linked to their staff account (``LINELinkCode``).
    public func staffLinked() -> String {
        "เชื่อมบัญชี LINE นี้กับบัญชีเจ้าหน้าที่ในระบบเรียบร้อยแล้ว ท่านจะได้รับการแจ้งเตือนเรื่องที่ต้องเร่งดำเนินการทางช่องทางนี้"
    }

    /// A link code that is not pending: expired, used already, or mistyped.
    public func staffLinkCodeUnknown() -> String {
        "รหัสเชื่อมบัญชีไม่ถูกต้องหรือหมดอายุแล้ว โปรดขอรหัสใหม่จากหน้าบัญชีผู้ใช้ของท่านในระบบ"
    }

    /// The greeting for a new friend: how to use the account.
    public func greeting() -> String {
        """
        ขอบคุณที่เพิ่ม \(agencyName) เป็นเพื่อน
        บัญชีนี้รับเรื่องร้องเรียน ข้อเสนอแนะ คำชมเชย และข้อสอบถาม ตลอด 24 ชั่วโมง

        • แจ้งเรื่อง: พิมพ์รายละเอียดส่งมาได้เลย ระบุสถานที่ให้ชัดเจน แล้วส่งภาพถ่ายหรือตำแหน่งตามมาภายใน \(joinMinutes) นาที ท่านจะได้รับเลขติดตามเรื่องทันที
        • ติดตามเรื่อง: พิมพ์ ติดตาม ตามด้วยเลขติดตามเรื่อง เช่น ติดตาม \(example)
        • ในกลุ่มแชต: ขึ้นต้นข้อความด้วยคำว่า แจ้งเรื่อง หรือ ร้องเรียน หรือกล่าวถึง (@) บัญชีนี้

        เมื่อเรื่องมีความคืบหน้า ระบบจะแจ้งให้ทราบทาง LINE นี้
        """
    }

    /// Recorded on the case (for staff) when a file the citizen sent could not be kept.
    public func attachmentNotKept(_ filename: String, reason: String) -> String {
        "ผู้ร้องส่งไฟล์ \(filename) ทาง LINE แต่ระบบไม่สามารถจัดเก็บได้ (\(reason))"
    }

    /// The case event text for a location sent on LINE.
    public func locationNote(_ location: Location) -> String {
        var text = "ผู้ร้องส่งตำแหน่งที่เกิดเหตุ"
        if let address = location.address { text += ": \(address)" }
        if let lat = location.lat, let lon = location.lon {
            text += String(format: " (พิกัด %.6f, %.6f)", lat, lon)
        }
        return text
    }
}
