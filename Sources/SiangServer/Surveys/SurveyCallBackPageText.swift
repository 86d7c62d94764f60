import SiangCore

/// The words of the staff page that records a hotline call-back survey answer, in Thai as a
/// call-centre officer's form reads, and in English (`?lang=en`).
enum SurveyCallBackPageText {
    static func strings(_ language: Language) -> [String: String] { language == .th ? thai : english }

    static let thai: [String: String] = [
        "title": "บันทึกผลสำรวจความพึงพอใจทางโทรศัพท์",
        "intro": "โทรสอบถามความพึงพอใจของผู้ร้องตามคำถามด้านล่าง แล้วบันทึกคำตอบตามที่ผู้ร้องแจ้ง หากคะแนนความพึงพอใจโดยรวมหรือด้านใดเป็น 1 หรือ 2 ต้องเลือกสาเหตุที่ไม่พึงพอใจอย่างน้อย 1 ข้อ",
        "other": "English", "back": "กลับไปรายการโทรกลับ", "case": "เรื่องเลขที่", "call": "โทร", "noName": "ไม่ระบุชื่อ",
        "scaleHint": "5 = พึงพอใจมากที่สุด 1 = ไม่พึงพอใจมากที่สุด", "required": "จำเป็นต้องตอบ",
        "overallGiven": "ผู้ร้องให้คะแนนความพึงพอใจโดยรวมทาง LINE แล้ว",
        "reasonsHint": "ตอบเมื่อคะแนนข้อใดเป็น 1 หรือ 2", "reasonText": "รายละเอียดสาเหตุ (ถ้าเลือก อื่น ๆ)",
        "errorSummary": "ยังบันทึกไม่ได้ กรุณาแก้ไขรายการต่อไปนี้", "save": "บันทึกคำตอบ",
        "notFound": "ไม่พบรายการโทรสำรวจความพึงพอใจของเรื่องนี้ หรือมีผู้บันทึกคำตอบไว้แล้ว",
        "notFoundTitle": "ไม่พบรายการ",
    ]

    static let english: [String: String] = [
        "title": "Record a satisfaction survey taken by telephone",
        "intro": "Call the complainant, ask the questions below and record the answers given. When the overall score or any dimension is 1 or 2, at least one reason is required.",
        "other": "ภาษาไทย", "back": "Back to the call-back list", "case": "Case", "call": "Call", "noName": "No name given",
        "scaleHint": "5 = very satisfied, 1 = very dissatisfied", "required": "required",
        "overallGiven": "The complainant already gave the overall satisfaction on LINE",
        "reasonsHint": "Asked when any score is 1 or 2", "reasonText": "Details of the reason (for \"other\")",
        "errorSummary": "Not saved yet; please correct the following.", "save": "Save the answer",
        "notFound": "This case has no call-back survey to record, or its answer was recorded already.",
        "notFoundTitle": "Not found",
    ]
}
