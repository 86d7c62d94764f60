import SiangCore

/// The 15 ADLI evidence items of the PMQA 4.0 application-report guide, in A-D-L-I order
/// (DESIGN.md 5.9): Approach, Deployment, Learning, Integration.
public enum EvidenceItemKey: String, Sendable, Codable, CaseIterable {
    case a1 = "A1", a2 = "A2", a3 = "A3", a4 = "A4", a5 = "A5", a6 = "A6"
    case d1 = "D1", d2 = "D2", d3 = "D3", d4 = "D4"
    case l1 = "L1", l2 = "L2"
    case i1 = "I1", i2 = "I2", i3 = "I3"

    /// `A`, `D`, `L` or `I`.
    public var dimension: String { String(rawValue.prefix(1)) }

    /// The item's name as the guide writes it.
    public var label: LocalizedLabel {
        switch self {
        case .a1: LocalizedLabel(th: "ชื่อกระบวนการ", en: "Process name")
        case .a2: LocalizedLabel(th: "ผู้รับผิดชอบกระบวนการ", en: "Process owner")
        case .a3: LocalizedLabel(th: "ขั้นตอนสำคัญ (ปัจจัยนำเข้า-กระบวนการ-ผลผลิต)", en: "Key steps (input-process-output)")
        case .a4: LocalizedLabel(th: "ความสามารถในการทำซ้ำได้", en: "Repeatability")
        case .a5: LocalizedLabel(th: "ตัวชี้วัดของกระบวนการ", en: "Measures of the process")
        case .a6: LocalizedLabel(th: "ตัวชี้วัดผลลัพธ์ของกระบวนการ", en: "Measures of its results")
        case .d1: LocalizedLabel(th: "กลุ่มผู้รับบริการที่ครอบคลุม", en: "Segments reached")
        case .d2: LocalizedLabel(th: "วันที่เริ่มนำไปใช้", en: "First use")
        case .d3: LocalizedLabel(th: "ความถี่ในการดำเนินการ", en: "Frequency")
        case .d4: LocalizedLabel(th: "หน่วยงานและจุดที่นำไปใช้", en: "Where deployed")
        case .l1: LocalizedLabel(th: "ระดับการเรียนรู้", en: "Learning level")
        case .l2: LocalizedLabel(th: "ประวัติการปรับปรุงพร้อมวันที่", en: "Dated improvement history")
        case .i1: LocalizedLabel(th: "ความเชื่อมโยงกับลักษณะสำคัญขององค์การ", en: "Link to the organisation profile")
        case .i2: LocalizedLabel(th: "ความเชื่อมโยงกับแผนของส่วนราชการ", en: "Link to the plans")
        case .i3: LocalizedLabel(th: "ตัวชี้วัดผลลัพธ์หมวด 7 ที่เกี่ยวข้อง", en: "Category 7 measures it drives")
        }
    }
}
