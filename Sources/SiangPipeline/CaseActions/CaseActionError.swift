import SiangCore
import SiangStore

/// Why a staff change was refused, in words staff can act on; the HTTP layer maps each case to one
/// status (404, 403, 422, 409, 409, 503).
public enum CaseActionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No such case, or not one the staff member may see (the two are not told apart).
    case notFound
    /// The role may not do this (an agent giving a case to someone else, an analyst at all).
    case forbidden(th: String, en: String)
    /// Fields with wrong or missing values.
    case invalid([FieldError])
    /// The status move is not allowed from where the case stands.
    case transition(TransitionError)
    /// A text to be published holds personal data (a phone number, an email, the complainant's
    /// name); sent again with ``CaseChangeRequest/confirmPersonalData`` it is published.
    case personalData([FieldError])
    /// Someone changed the case since it was read.
    case conflict
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound: "no such case"
        case .forbidden(_, let en): en
        case .invalid(let fields), .personalData(let fields): fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .transition(let t): t.description
        case .conflict: StoreError.concurrentChange.description
        case .unavailable(let why): "the change could not be stored: \(why)"
        }
    }

    /// The message in Thai for the staff pages.
    public var thai: String {
        switch self {
        case .notFound: "ไม่พบเรื่องนี้ หรือท่านไม่มีสิทธิ์เข้าถึงเรื่องนี้"
        case .forbidden(let th, _): th
        case .invalid(let fields), .personalData(let fields): fields.map(\.messageTh).joined(separator: " ")
        case .transition(let t): Self.thai(t)
        case .conflict: "มีผู้อื่นแก้ไขเรื่องนี้ในระหว่างที่ท่านดำเนินการ กรุณาตรวจสอบข้อมูลล่าสุดแล้วดำเนินการอีกครั้ง"
        case .unavailable: "ระบบไม่สามารถบันทึกการดำเนินการได้ในขณะนี้ กรุณาลองใหม่อีกครั้ง"
        }
    }

    static func thai(_ t: TransitionError) -> String {
        switch t {
        case .unchanged(let s): "เรื่องนี้อยู่ในสถานะ “\(s.label.th)” อยู่แล้ว"
        case .notAllowed(let from, let to): "ไม่สามารถเปลี่ยนสถานะจาก “\(from.label.th)” เป็น “\(to.label.th)” ได้"
        case .reopenIsForComplainant: "การเปิดเรื่องที่ดำเนินการแล้วเสร็จขึ้นใหม่ ทำได้โดยผู้ร้องเท่านั้น"
        case .reopenWindowPassed(let days): "เรื่องที่ดำเนินการแล้วเสร็จเปิดขึ้นใหม่ได้ภายใน \(days) วันเท่านั้น"
        }
    }
}
