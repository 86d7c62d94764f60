import Foundation

extension StatusChange {
    /// The public note a staff move shows on the timeline when staff wrote none: a referral names the
    /// other agency, a rejection shows its reason, a merge points to the surviving case. Live staff
    /// actions and the history import write the same words, so an imported case reads like one
    /// worked in Siang.
    public static func defaultPublicNote(to: Status, reason: String?, referredTo: String?, duplicateOf: TrackingID?) -> String? {
        switch to {
        case .referred: "ส่งเรื่องให้ \(referredTo ?? "หน่วยงานที่รับผิดชอบ") ดำเนินการต่อตามอำนาจหน้าที่"
        case .rejected: reason
        case .duplicate: "รวมไว้กับเรื่องเลขที่ \(duplicateOf?.description ?? "") ซึ่งเป็นเรื่องเดียวกัน โปรดติดตามความคืบหน้าจากเรื่องดังกล่าว"
        default: nil
        }
    }
}
