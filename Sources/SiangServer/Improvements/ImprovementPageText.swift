import SiangCore

/// The words of the improvement-log pages, in Thai as an agency's PMQA working group writes them,
/// and in English (`?lang=en`).
enum ImprovementPageText {
    static func strings(_ language: Language) -> [String: String] { language == .th ? thai : english }

    static let thai: [String: String] = [
        "title": "บันทึกการปรับปรุงจากเสียงของผู้รับบริการ",
        "intro": "บันทึกสิ่งที่หน่วยงานปรับปรุงจากเรื่องร้องเรียนและผลการสำรวจความพึงพอใจ ระบบคำนวณตัวชี้วัดที่เกี่ยวข้องช่วง 3 เดือนก่อนและ 3 เดือนหลังเดือนที่ปรับปรุงจากข้อมูลจริงโดยอัตโนมัติ (ไม่ต้องกรอกตัวเลขเอง)",
        "other": "English",
        "fiscalYear": "ปีงบประมาณ", "show": "แสดง",
        "add": "บันทึกการปรับปรุงใหม่", "edit": "แก้ไข", "editTitle": "แก้ไขบันทึกการปรับปรุง", "back": "กลับไปบันทึกการปรับปรุง",
        "none": "ยังไม่มีบันทึกการปรับปรุงในปีงบประมาณนี้",
        "date": "วันที่ดำเนินการปรับปรุง *", "dateHint": "วันที่เริ่มใช้วิธีการใหม่ รูปแบบ ปปปป-ดด-วว (ค.ศ.) หรือ วว/ดด/ปปปป (พ.ศ.)",
        "titleField": "ชื่อเรื่อง *", "action": "สิ่งที่ปรับปรุง *", "actionHint": "เช่น ขั้นตอน แบบฟอร์ม ระเบียบ หรือการชี้แจงเจ้าหน้าที่ที่เปลี่ยนไป",
        "owningUnit": "หน่วยงานรับผิดชอบ *", "learningLevel": "ระดับการเรียนรู้ *",
        "triggers": "สิ่งที่นำไปสู่การปรับปรุง (เลือกอย่างน้อยหนึ่งอย่าง)",
        "categories": "หมวดเรื่องร้องเรียน", "reasonCodes": "เหตุผลที่ไม่พึงพอใจ", "metrics": "ตัวชี้วัดที่ติดตามผล (คำนวณก่อน-หลัง)",
        "servicePoint": "จุดให้บริการ", "noServicePoint": "ไม่ระบุ",
        "save": "บันทึก",
        "effects": "ผลก่อนและหลังการปรับปรุง", "metric": "ตัวชี้วัด", "before": "3 เดือนก่อน", "after": "3 เดือนหลัง",
        "pendingWindow": "ยังไม่ครบช่วงเวลา", "noData": "ไม่มีข้อมูล",
        "unit": "หน่วยงาน", "level": "ระดับการเรียนรู้", "recordedAt": "บันทึกเมื่อ", "when": "วันที่ปรับปรุง", "did": "สิ่งที่ปรับปรุง",
        "done.added": "บันทึกการปรับปรุงเรียบร้อยแล้ว", "done.updated": "แก้ไขบันทึกการปรับปรุงเรียบร้อยแล้ว",
        "invalid": "ยังบันทึกไม่ได้ กรุณาแก้ไขรายการต่อไปนี้",
        "level.pdca": "วงจร PDCA", "level.innovation": "นวัตกรรม", "level.sharing": "แบ่งปันบทเรียนกับหน่วยงานอื่น",
    ]

    static let english: [String: String] = [
        "title": "Improvement log: changes made from stakeholders' voice",
        "intro": "What the agency changed because of complaints and satisfaction surveys. Each linked metric is computed from the data for the three months before and the three months after the month of the change (no figure is typed).",
        "other": "ภาษาไทย",
        "fiscalYear": "Fiscal year", "show": "Show",
        "add": "Record an improvement", "edit": "Edit", "editTitle": "Edit an improvement", "back": "Back to the improvement log",
        "none": "No improvement recorded in this fiscal year yet.",
        "date": "Date of the change *", "dateHint": "The day the new way started, YYYY-MM-DD (or dd/mm/yyyy with a BE year).",
        "titleField": "Title *", "action": "What was changed *", "actionHint": "A process step, a form, a rule, a staff briefing.",
        "owningUnit": "Owning unit *", "learningLevel": "Learning level *",
        "triggers": "What led to it (at least one)",
        "categories": "Complaint categories", "reasonCodes": "Dissatisfaction reasons", "metrics": "Metrics to follow (before and after)",
        "servicePoint": "Service point", "noServicePoint": "None",
        "save": "Save",
        "effects": "Before and after", "metric": "Metric", "before": "3 months before", "after": "3 months after",
        "pendingWindow": "not over yet", "noData": "no data",
        "unit": "Unit", "level": "Learning level", "recordedAt": "Recorded", "when": "Date", "did": "What was changed",
        "done.added": "The improvement was recorded.", "done.updated": "The improvement was changed.",
        "invalid": "Not saved yet; please correct the following.",
        "level.pdca": "PDCA cycle", "level.innovation": "Innovation", "level.sharing": "Lesson shared with other units",
    ]
}
