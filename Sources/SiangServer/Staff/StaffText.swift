import Foundation
import SiangCore
import SiangPipeline
import SiangStore
import WebForm

/// The words of the staff workspace, in Thai as a civil servant writes them, and the small
/// formatting helpers the pages share (labels, BE dates, business-time countdowns).
struct StaffText: Sendable {
    let configuration: SiangConfiguration
    let sla: SLAService

    static let roleLabels: [StaffRole: String] = [
        .agent: "เจ้าหน้าที่รับเรื่อง", .supervisor: "ผู้บังคับบัญชา", .integrity: "เจ้าหน้าที่ศูนย์ต่อต้านการทุจริต",
        .analyst: "ผู้วิเคราะห์ข้อมูล", .admin: "ผู้ดูแลระบบ",
    ]

    func role(_ role: StaffRole) -> String { Self.roleLabels[role] ?? role.rawValue }

    func category(_ code: String?) -> String {
        guard let code else { return "ยังไม่จัดหมวด" }
        return configuration.taxonomy.category(code)?.th ?? code
    }

    func queue(_ code: String?) -> String {
        guard let code else { return "ยังไม่ส่งคิว" }
        return configuration.routing.queue(code)?.th ?? code
    }

    func actor(_ actor: String) -> String {
        if actor.hasPrefix("staff:") { return String(actor.dropFirst(6)) }
        switch actor {
        case CaseEvent.citizen: return "ผู้ร้อง"
        case CaseEvent.system: return "ระบบ"
        default: return actor
        }
    }

    func date(_ d: Date) -> String { ThaiDateFormatter.dateTime(d, .th) }
    func day(_ d: Date) -> String { ThaiDateFormatter.date(d, .th) }

    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded())) %" }

    /// "2 วันทำการ 3 ชั่วโมง", "45 นาที": business time in the agency's working days.
    func businessDuration(_ seconds: TimeInterval) -> String {
        let minutes = Int((abs(seconds) / 60).rounded(.down))
        let perDay = max(1, sla.calendar.minutesPerBusinessDay)
        let days = minutes / perDay
        let hours = (minutes % perDay) / 60
        let rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append("\(days) วันทำการ") }
        if hours > 0 { parts.append("\(hours) ชั่วโมง") }
        if days == 0, rest > 0 || hours == 0 { parts.append("\(rest) นาที") }
        return parts.joined(separator: " ")
    }

    /// "เหลือ 2 วันทำการ 3 ชั่วโมง" or "เกินกำหนด 45 นาที": business time to or past a due time. Far
    /// from it (beyond ``businessCountdownDays`` calendar days) whole calendar days say enough, and
    /// cost nothing to count.
    func countdown(to due: Date, now: Date) -> String {
        let days = Int((abs(due.timeIntervalSince(now)) / 86_400).rounded(.down))
        if days > Self.businessCountdownDays {
            return now <= due ? "เหลือ \(days) วัน" : "เกินกำหนด \(days) วัน"
        }
        let left = sla.calendar.businessSeconds(from: now, to: due)
        return now <= due ? "เหลือ \(businessDuration(left))" : "เกินกำหนด \(businessDuration(left))"
    }

    static let businessCountdownDays = 45

    /// The SLA cell of a queue row or case page: state code (for the colour), label and countdown.
    func slaCell(_ entry: SLAIndexEntry?, now: Date) -> [String: Any] {
        guard let entry else { return ["state": "pending", "label": "กำลังคำนวณ", "countdown": ""] }
        let state = entry.state(at: now)
        var cell: [String: Any] = ["state": state.rawValue, "label": state.label.th]
        switch (entry.phase, entry.resolutionDueAt) {
        case (.running, let due?):
            cell["countdown"] = countdown(to: due, now: now)
            cell["due"] = date(due)
            cell["dueISO"] = ISO8601.format(due)
        case (.paused, _):
            cell["countdown"] = state == .breached ? "เกินกำหนดก่อนหยุดนับเวลา" : "หยุดนับเวลา รอข้อมูลจากผู้ร้อง"
        default:
            cell["countdown"] = ""
        }
        return cell
    }

    /// One line of the timeline in Thai.
    func describe(_ change: CaseChange) -> (title: String, detail: String?) {
        switch change {
        case .received(let r):
            return ("รับเรื่องทางช่องทาง\(r.channel.label.th)", nil)
        case .statusChanged(let s):
            var details: [String] = []
            if let note = s.publicNote { details.append("แจ้งผู้ร้อง: \(note)") }
            if let reason = s.reason, reason != s.publicNote { details.append("เหตุผล: \(reason)") }
            if let to = s.referredTo { details.append("ส่งต่อให้: \(to)") }
            if let of = s.duplicateOf { details.append("รวมกับเรื่องเลขที่ \(of)") }
            return ("เปลี่ยนสถานะจาก “\(s.from.label.th)” เป็น “\(s.to.label.th)”", details.isEmpty ? nil : details.joined(separator: "\n"))
        case .categorized(let c):
            return ("จัดหมวดเรื่องเป็น “\(category(c.category))”", c.confidence.map { "จัดโดยระบบ ความมั่นใจ \(Self.percent($0))" })
        case .kindChanged(let k):
            return ("เปลี่ยนประเภทเรื่องเป็น “\(k.label.th)”", nil)
        case .priorityChanged(let p):
            return ("เปลี่ยนความเร่งด่วนเป็น “\(p.label.th)”", nil)
        case .queueChanged(let q):
            return ("ส่งเรื่องเข้าคิว “\(queue(q))”", nil)
        case .assigned(let a):
            return (a.map { "มอบหมายให้ \($0) รับผิดชอบ" } ?? "ยกเลิกการมอบหมายผู้รับผิดชอบ", nil)
        case .publicReply(let text):
            return ("ตอบผู้ร้อง", text)
        case .internalNote(let text):
            return ("บันทึกภายใน (ผู้ร้องไม่เห็น)", text)
        case .citizenMessage(let text):
            return ("ผู้ร้องส่งข้อความเพิ่มเติม", text)
        case .suggested(let c):
            return ("ระบบเสนอหมวด “\(category(c.category))”", c.confidence.map { "ความมั่นใจ \(Self.percent($0)) ต่ำกว่าเกณฑ์ รอเจ้าหน้าที่พิจารณา" })
        case .possibleDuplicate(let d):
            return ("ระบบพบว่าอาจซ้ำกับเรื่องเลขที่ \(d.of)", "ความคล้ายกัน \(Self.percent(d.similarity))")
        case .escalated(let e):
            return ("แจ้งเตือนผู้บังคับบัญชา: \(clockName(e.clock)) \(levelName(e.level))", e.dueAt.map { "ครบกำหนด \(date($0))" })
        }
    }

    func clockName(_ clock: String) -> String { clock == "first_response" ? "ระยะเวลาตอบรับเรื่อง" : "ระยะเวลาดำเนินการแล้วเสร็จ" }
    func levelName(_ level: String) -> String { (SLAState(rawValue: level) ?? .breached).label.th }

    /// Thai names of the case actions, for the "done" notice.
    static let doneMessages: [String: String] = [
        "take": "รับเรื่องไว้ดำเนินการแล้ว", "release": "คืนเรื่องแล้ว", "assign": "มอบหมายผู้รับผิดชอบแล้ว",
        "reclassify": "เปลี่ยนหมวดเรื่องแล้ว", "priority": "เปลี่ยนความเร่งด่วนแล้ว", "queue": "ย้ายคิวงานแล้ว",
        "status": "เปลี่ยนสถานะแล้ว", "reply": "ส่งคำตอบถึงผู้ร้องแล้ว", "note": "บันทึกภายในแล้ว",
        "ask": "ส่งคำขอข้อมูลเพิ่มเติมถึงผู้ร้องแล้ว", "resolve": "บันทึกผลการดำเนินการแล้วเสร็จและแจ้งผู้ร้องแล้ว",
        "refer": "ส่งต่อหน่วยงานภายนอกแล้ว", "reject": "บันทึกการไม่รับเรื่องและแจ้งผู้ร้องแล้ว", "merge": "รวมเรื่องแล้ว",
    ]
}
