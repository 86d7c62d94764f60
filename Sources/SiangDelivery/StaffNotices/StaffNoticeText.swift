import Foundation
import SiangCore
import SiangStore

/// The Thai words of notices to staff, as a Thai civil servant writes an internal memo. Only what the
/// caller hands in is written: tracking ID, category, queue, SLA state and the link to the case in the
/// workspace; nothing the citizen wrote or who they are.
public enum StaffNoticeText {
    /// What the notice is about.
    public enum Event: Sendable, Equatable {
        /// An SLA clock (`resolution` or `first_response`) reached `level` (`at_risk` or `breached`).
        case escalation(clock: String, level: String)
        /// A dissatisfied survey answer on a case or at a service point (`servicePoint`, its unit).
        case serviceRecovery(servicePoint: String?, unit: String?)
    }

    /// Subject and body for one notice. `category` and `queue` are the Thai labels (nil when unknown).
    public static func compose(_ event: Event, trackingID: TrackingID?, category: String?, queue: String?,
                               caseURL: String) -> (subject: String, body: String) {
        let subject: String
        var lines: [String] = []
        let reference = trackingID.map { "เรื่องเลขที่ \($0)" } ?? "แบบสำรวจความพึงพอใจ"
        switch event {
        case .escalation(let clock, let level):
            let clockName = clock == "first_response" ? "การตอบรับเรื่องครั้งแรก" : "การดำเนินการแก้ไขให้แล้วเสร็จ"
            let state = level == SLAState.breached.rawValue
                ? "เกินระยะเวลาที่กำหนดแล้ว"
                : "ใกล้ครบระยะเวลาที่กำหนด"
            subject = "[แจ้งเตือน] \(reference) \(state)"
            lines.append("\(reference) \(state) สำหรับ\(clockName)")
        case .serviceRecovery(let servicePoint, let unit):
            subject = "[แจ้งเตือน] ผู้รับบริการไม่พึงพอใจ \(reference)"
            lines.append("มีผู้รับบริการตอบแบบสำรวจว่าไม่พึงพอใจ (\(reference)) โปรดติดต่อกลับและแก้ไขสาเหตุ")
            if let servicePoint { lines.append("จุดบริการ: \(servicePoint)\(unit.map { " (\($0))" } ?? "")") }
        }
        if let category { lines.append("หมวดเรื่อง: \(category)") }
        if let queue { lines.append("หน่วยงานที่รับผิดชอบ: \(queue)") }
        lines.append("โปรดตรวจสอบและดำเนินการ: \(caseURL)")
        return (subject, lines.joined(separator: "\n"))
    }

    /// The daily digest: one line a queue with its figures, then the workspace link.
    public static func digest(date: String, queues: [(label: String, figures: QueueDigestFigures)], workspaceURL: String) -> (subject: String, body: String) {
        var lines = ["สรุปเรื่องที่ต้องติดตาม ประจำวันที่ \(date)"]
        for q in queues {
            let f = q.figures
            lines.append("\(q.label): เกินระยะเวลา \(f.breached) เรื่อง ใกล้ครบกำหนด \(f.atRisk) เรื่อง "
                + "ผู้รับบริการไม่พึงพอใจรายใหม่ \(f.newDissatisfied) ราย รอติดต่อกลับ \(f.openRecoveries) ราย")
        }
        lines.append("ดูรายละเอียดได้ที่: \(workspaceURL)")
        return ("[สรุปประจำวัน] เรื่องที่ต้องติดตาม \(date)", lines.joined(separator: "\n"))
    }

    /// The workspace link of a case (or the workspace itself) on the public base URL.
    public static func caseURL(base: String, trackingID: TrackingID?) -> String {
        let root = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trackingID.map { "\(root)/staff/cases/\($0)" } ?? "\(root)/staff"
    }
}
