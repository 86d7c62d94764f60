/// The assessors' criticisms the readiness check answers, as OPDC's feedback reports word them
/// (DESIGN.md 2): what an agency is marked down for when the evidence is missing.
enum ReadinessWording {
    static func criticism(_ id: ReadinessLineID) -> (th: String, en: String) {
        switch id {
        case .trackingAvailable:
            ("ผู้ร้องเรียนไม่สามารถติดตามสถานะเรื่องร้องเรียนของตนได้", "Complainants cannot track the status of their complaint.")
        case .frequentComplaintsAnalysed:
            ("ไม่มีการวิเคราะห์เรื่องที่ร้องเรียนบ่อยและนำไปปรับปรุง", "Frequent complaints are not analysed and acted on.")
        case .dissatisfactionAnalysed:
            ("วัดความพึงพอใจแต่ไม่ได้วิเคราะห์ความไม่พึงพอใจและสาเหตุ", "Satisfaction is measured but dissatisfaction and its causes are not analysed.")
        case .surveySourcesIntegrated:
            ("ไม่ได้บูรณาการผลสำรวจจากแหล่งอื่น", "Survey results from other sources are not integrated.")
        case .feedbackLedToChange:
            ("ไม่มีหลักฐานว่านำเสียงของผู้รับบริการไปปรับปรุงการให้บริการ", "There is no evidence that feedback led to improvements.")
        case .coreMetricsLeTCI:
            ("ตัวชี้วัดผลลัพธ์หมวด 7.2 ขาดแนวโน้ม 3 ปี เป้าหมาย หรือการเปรียบเทียบ", "Category 7.2 results lack a three-year trend, a target or a comparison.")
        }
    }
}
