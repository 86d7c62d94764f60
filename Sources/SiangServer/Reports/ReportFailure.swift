import HTTPTypes
import SiangCore
import SiangReports

/// Why a report request could not be answered, in words for the staff member and a stable code for
/// API clients; the pages and the API map it to the same status.
struct ReportFailure: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var code: String
    var th: String
    var en: String
    var fields: [FieldError] = []

    func message(_ language: Language) -> String { language == .th ? th : en }

    var apiError: APIError { APIError(status, code: code, message: en, th: th, fields: fields) }

    static let malformedPeriod = ReportFailure(
        status: .unprocessableContent, code: "invalid_period",
        th: "ชื่อช่วงเวลาไม่ถูกต้อง เดือนเขียนเป็น 2025-10 ไตรมาสเป็น 2569-Q1 และปีงบประมาณเป็น 2569",
        en: "The period is malformed: a month is 2025-10, a quarter 2569-Q1, a fiscal year 2569.")
    static let notBegun = ReportFailure(status: .notFound, code: "period_not_begun",
                                        th: "ช่วงเวลานี้ยังไม่เริ่มต้น จึงยังไม่มีรายงาน", en: "This period has not begun; it has no report yet.")
    static let unknownKind = ReportFailure(status: .notFound, code: "not_found", th: "ไม่พบรายงานประเภทนี้", en: "There is no such report kind.")
    static let badAsOf = ReportFailure(status: .unprocessableContent, code: "invalid_as_of",
                                       th: "วันเวลาอ้างอิง (asOf) ต้องเป็นรูปแบบ ISO 8601 และไม่ก่อนวันเริ่มต้นของช่วงเวลา",
                                       en: "asOf must be an ISO 8601 instant at or after the period's start.")
    static let badFormat = ReportFailure(status: .unprocessableContent, code: "invalid_format",
                                         th: "รูปแบบไฟล์ต้องเป็น json, csv, xlsx หรือ html", en: "format is one of json, csv, xlsx, html.")
    static let forbidden = ReportFailure(status: .forbidden, code: "forbidden",
                                         th: "บทบาทของท่านไม่มีสิทธิ์ดูรายงาน PMQA (เฉพาะผู้วิเคราะห์ข้อมูล ผู้บังคับบัญชา และผู้ดูแลระบบ)",
                                         en: "Reports are for the analyst, supervisor and admin roles.")
    static let manageForbidden = ReportFailure(status: .forbidden, code: "forbidden",
                                               th: "เฉพาะผู้วิเคราะห์ข้อมูลและผู้ดูแลระบบเท่านั้นที่ปิดงวด ปรับปรุงรายงาน และกำหนดค่าเป้าหมายได้",
                                               en: "Only the analyst and admin roles lock, restate and set targets.")
    static let reasonRequired = ReportFailure(
        status: .unprocessableContent, code: "invalid", th: "กรุณาระบุเหตุผลของการปรับปรุงรายงาน", en: "A restatement needs a reason.",
        fields: [FieldError("reason", .required, th: "กรุณาระบุเหตุผลของการปรับปรุงรายงาน", en: "A restatement needs a reason.")])
    static let reasonTooLong = ReportFailure(
        status: .unprocessableContent, code: "invalid", th: "เหตุผลยาวเกิน 1,000 ตัวอักษร", en: "The reason is longer than 1,000 characters.",
        fields: [FieldError("reason", .tooLong, th: "เหตุผลยาวเกิน 1,000 ตัวอักษร", en: "The reason is longer than 1,000 characters.")])
    static let notLocked = ReportFailure(status: .conflict, code: "not_locked",
                                         th: "เดือนนี้ยังไม่ได้ปิดงวด จึงยังปรับปรุงรายงานไม่ได้", en: "The month is not locked, so it cannot be restated.")
    static let alreadyLocked = ReportFailure(status: .conflict, code: "already_locked",
                                             th: "เดือนนี้ปิดงวดไว้แล้ว หากข้อมูลเปลี่ยนให้ปรับปรุงรายงาน", en: "The month is already locked; restate it instead.")
    static let nothingToRestate = ReportFailure(status: .conflict, code: "nothing_to_restate",
                                                th: "ตัวเลขของเดือนนี้ไม่เปลี่ยนจากฉบับที่บันทึกไว้ จึงไม่มีสิ่งที่ต้องปรับปรุง",
                                                en: "Nothing to restate: the month's figures are the same as in its stored revision.")
    static let monthNotOver = ReportFailure(status: .conflict, code: "month_not_over",
                                            th: "ปิดงวดได้เมื่อสิ้นเดือนแล้วเท่านั้น", en: "A month can be locked only once it is over.")
    static let storeFailed = ReportFailure(status: .internalServerError, code: "internal",
                                           th: "ระบบขัดข้อง ไม่สามารถอ่านหรือบันทึกข้อมูลรายงานได้ เจ้าหน้าที่ได้รับแจ้งปัญหาแล้ว",
                                           en: "The report data could not be read or stored; the problem has been logged.")
    /// The engine, store or renderer this needs is not in this build yet: no figure is made up in its place.
    static let notReady = ReportFailure(status: .serviceUnavailable, code: "reports_unavailable",
                                        th: "ระบบคำนวณรายงานยังไม่พร้อมใช้งาน", en: "The report engine is not available in this build.")

    static let notACaseMetric = ReportFailure(status: .unprocessableContent, code: "not_a_case_metric",
                                              th: "ตัวชี้วัดนี้คำนวณจากแบบสำรวจ จึงไม่มีรายการเรื่องประกอบ",
                                              en: "This metric is computed from survey answers; it has no list of cases.")

    /// What the engine refused (a target book, a stored document), in its words: they name the place and what was expected.
    static func engine(_ error: ReportError) -> ReportFailure {
        switch error {
        case .targets(let why):
            ReportFailure(status: .unprocessableContent, code: "invalid_targets", th: "ค่าเป้าหมายไม่ถูกต้อง: \(why)", en: "The targets are wrong: \(why)",
                          fields: [FieldError("targets", .invalid, th: why, en: why)])
        case .period(let why):
            ReportFailure(status: .unprocessableContent, code: "invalid_period", th: "\(malformedPeriod.th) (\(why))", en: "The period is wrong: \(why)")
        case .catalog, .document:
            ReportFailure(status: .internalServerError, code: "internal", th: "ระบบรายงานขัดข้อง: \(error.description)", en: "The reports failed: \(error.description)")
        }
    }

    static func invalid(_ fields: [FieldError]) -> ReportFailure {
        ReportFailure(status: .unprocessableContent, code: "invalid", th: "ข้อมูลที่ส่งมาไม่ถูกต้อง กรุณาตรวจสอบ",
                      en: "The request has errors; see fields.", fields: fields)
    }

    static func from(_ problem: ReportPeriodRef.Problem) -> ReportFailure {
        switch problem {
        case .malformed(let why):
            ReportFailure(status: .unprocessableContent, code: "invalid_period", th: malformedPeriod.th + " (\(why))", en: "The period is malformed: \(why).")
        case .notBegun: .notBegun
        case .unknownKind: .unknownKind
        }
    }
}
