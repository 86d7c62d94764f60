import SiangCore

/// The words of the evidence page and the readiness section, in Thai as a PMQA working group writes
/// them and in English (`?lang=en`).
enum EvidencePageText {
    static func strings(_ language: Language) -> [String: String] { language == .th ? thai : english }

    static let thai: [String: String] = [
        "title": "หลักฐานหมวด 3 การให้ความสำคัญกับผู้รับบริการและผู้มีส่วนได้ส่วนเสีย (ADLI)",
        "nav": "หลักฐานหมวด 3",
        "other": "English", "fy": "ปีงบประมาณ", "show": "แสดง",
        "asOf": "ข้อมูล ณ", "noPersonal": "หลักฐานนี้เป็นข้อมูลสรุป ไม่มีข้อมูลส่วนบุคคลและข้อความของผู้ร้องเรียน",
        "item": "ประเด็น", "source": "ที่มา", "content": "รายละเอียด", "figures": "ข้อมูลประกอบ",
        "source.data": "ข้อมูลจากระบบ", "source.config": "ข้อมูลจากการตั้งค่า", "source.none": "ยังไม่มีข้อมูล",
        "narrative": "ร่างคำบรรยายสำหรับรายงานผลการดำเนินการ", "metrics": "ตัวชี้วัดหมวด 7 ที่เกี่ยวข้อง",
        "readiness": "ตรวจความพร้อมก่อนการตรวจประเมิน", "readinessIntro": "ข้อสังเกตที่ผู้ตรวจประเมินพบบ่อย และหลักฐานของส่วนราชการในแต่ละข้อ",
        "criticism": "ข้อสังเกตของผู้ตรวจประเมิน", "status": "ผล", "evidence": "หลักฐาน", "action": "สิ่งที่ควรดำเนินการ",
        "pass": "ผ่าน", "gap": "ยังขาด", "evidenceLink": "ดูหลักฐานหมวด 3 ทั้งหมด",
        "firstUsed": "เริ่มใช้", "date": "วันที่", "count": "จำนวน", "value": "ค่า",
    ]

    static let english: [String: String] = [
        "title": "Category 3 evidence: customer and stakeholder focus (ADLI)",
        "nav": "Category 3 evidence",
        "other": "ภาษาไทย", "fy": "Fiscal year", "show": "Show",
        "asOf": "As of", "noPersonal": "This evidence holds aggregates only: no personal data and no complainant's words.",
        "item": "Item", "source": "Source", "content": "Content (Thai)", "figures": "Figures",
        "source.data": "From data", "source.config": "From configuration", "source.none": "Missing",
        "narrative": "Narrative draft for the application report (Thai)", "metrics": "Category 7 measures it drives",
        "readiness": "Readiness check", "readinessIntro": "The criticisms assessors make most often, and the agency's evidence for each.",
        "criticism": "Assessors' criticism", "status": "Result", "evidence": "Evidence", "action": "What to do",
        "pass": "Pass", "gap": "Gap", "evidenceLink": "See the whole category 3 evidence",
        "firstUsed": "first used", "date": "date", "count": "count", "value": "value",
    ]
}
