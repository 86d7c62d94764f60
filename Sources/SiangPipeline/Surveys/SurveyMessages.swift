import Foundation
import SiangCore

/// The words the survey sends and notes, Thai first, written the way an agency addresses the public.
enum SurveyMessages {
    static func baseURL(_ configuration: SiangConfiguration) -> String {
        let base = configuration.agency.publicBaseURL
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// The public link of a token's survey page.
    static func surveyURL(token: String, configuration: SiangConfiguration) -> String {
        baseURL(configuration) + "/survey/\(token)"
    }

    static func lineInvitation(id: TrackingID, url: String, expiresAt: Date) -> String {
        """
        เรื่องเลขที่ \(id) ดำเนินการแล้วเสร็จ
        ขอความกรุณาท่านประเมินความพึงพอใจต่อการดำเนินการเรื่องของท่าน โดยกดเลือกระดับความพึงพอใจโดยรวมด้านล่าง (5 = มากที่สุด, 1 = น้อยที่สุด)
        หรือตอบแบบสอบถามฉบับเต็มได้ที่ \(url)
        ตอบได้ถึงวันที่ \(ThaiDateFormatter.date(expiresAt, .th, longMonth: true))
        """
    }

    static func emailSubject(id: TrackingID) -> String {
        "แบบสำรวจความพึงพอใจ เรื่องเลขที่ \(id)"
    }

    static func emailInvitation(id: TrackingID, url: String, expiresAt: Date, agency: String) -> String {
        """
        เรียน ผู้ใช้บริการ

        เรื่องเลขที่ \(id) ของท่านได้ดำเนินการแล้วเสร็จ หน่วยงานขอความกรุณาท่านประเมินความพึงพอใจต่อการดำเนินการ ซึ่งใช้เวลาประมาณ 2 นาที ได้ที่

        \(url)

        แบบสำรวจนี้ตอบได้ครั้งเดียว ภายในวันที่ \(ThaiDateFormatter.date(expiresAt, .th, longMonth: true))
        ผลการประเมินจะนำไปใช้ปรับปรุงการให้บริการ โดยไม่เปิดเผยข้อมูลส่วนบุคคลของท่าน

        ขอแสดงความนับถือ
        \(agency)

        ---
        Your case \(id) has been resolved. Please tell us how satisfied you are (about 2 minutes):
        \(url)?lang=en
        The survey can be answered once, until \(ThaiDateFormatter.date(expiresAt, .en)).
        """
    }

    static func invitationNote(route: String, expiresAt: Date) -> String {
        "ส่งแบบสำรวจความพึงพอใจแล้ว (\(route)) ตอบได้ถึงวันที่ \(ThaiDateFormatter.date(expiresAt, .th))"
    }

    static func routeLabel(_ route: String) -> String {
        switch route {
        case "line": "ทาง LINE"
        case "email": "ทางอีเมล"
        case "callback": "รอเจ้าหน้าที่โทรสอบถามความพึงพอใจ"
        default: "ผ่านหน้าติดตามสถานะเรื่อง"
        }
    }

    // Answers to LINE rating buttons.

    static func postbackThanks(score: Int, url: String) -> String {
        if score <= SurveyRules.dissatisfiedAtOrBelow {
            return """
            ขอบคุณที่ประเมินความพึงพอใจ (ระดับ \(score) จาก 5) หน่วยงานขออภัยที่การดำเนินการยังไม่เป็นที่พึงพอใจ หัวหน้างานจะพิจารณาและติดต่อกลับเพื่อแก้ไขปัญหา
            กรุณาแจ้งสาเหตุที่ไม่พึงพอใจเพิ่มเติมได้ที่ \(url)
            """
        }
        return """
        ขอบคุณที่ประเมินความพึงพอใจ (ระดับ \(score) จาก 5) ความเห็นของท่านจะนำไปใช้ปรับปรุงการให้บริการ
        ท่านสามารถตอบแบบสอบถามเพิ่มเติมได้ที่ \(url)
        """
    }

    static let postbackAlreadyAnswered = "ท่านได้ประเมินความพึงพอใจสำหรับเรื่องนี้แล้ว ขอบคุณที่ใช้บริการ"
    static let postbackExpired = "แบบสำรวจนี้หมดเวลาตอบแล้ว ขอบคุณที่ใช้บริการ"
    static let postbackUnknown = "ไม่พบแบบสำรวจนี้ หรือแบบสำรวจนี้ไม่ใช่ของท่าน"
    static let postbackInvalid = "ไม่สามารถบันทึกคำตอบได้ กรุณาเลือกระดับความพึงพอใจจากปุ่มที่ให้ไว้"

    // Service recovery.

    static func recoveryNote(score: Int, reasons: [String], reasonText: String?, comment: String?, settings: SurveySettings, from: String) -> String {
        var text = "แจ้งหัวหน้างานเพื่อแก้ไขความไม่พึงพอใจ (Service Recovery): \(from)ประเมินความพึงพอใจโดยรวมระดับ \(score) จาก 5"
        if !reasons.isEmpty { text += " สาเหตุ: " + reasonLabels(reasons, reasonText: reasonText, settings: settings) }
        if let comment, !comment.isEmpty { text += " ข้อเสนอแนะ: \"\(comment.prefix(300))\"" }
        return text + " ขอให้พิจารณาติดต่อกลับผู้ร้องเพื่อรับฟังและแก้ไขปัญหา"
    }

    static func recoveryReasonsNote(reasons: [String], reasonText: String?, comment: String?, settings: SurveySettings) -> String {
        var text = "ผู้ร้องแจ้งสาเหตุที่ไม่พึงพอใจเพิ่มเติม: " + reasonLabels(reasons, reasonText: reasonText, settings: settings)
        if let comment, !comment.isEmpty { text += " ข้อเสนอแนะ: \"\(comment.prefix(300))\"" }
        return text
    }

    static func reasonLabels(_ reasons: [String], reasonText: String?, settings: SurveySettings) -> String {
        reasons.map { code in
            let label = settings.reasonCode(code)?.th ?? code
            if settings.reasonCode(code)?.requiresText == true, let t = reasonText, !t.isEmpty { return "\(label) (\(t.prefix(200)))" }
            return label
        }.joined(separator: ", ")
    }
}
