import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The Thai narrative draft: A-D-L-I order, the figures written as a Thai report writes them (BE
/// dates, thousands grouped), gaps kept as bracketed notes, and the same text from the same inputs.
@Suite struct EvidenceNarrativeTests {
    @Test func theNarrativeCarriesTheFiguresInADLIOrder() throws {
        let pack = EvidencePackBuilder.build(try EvidenceFixture.inputs())
        let text = try #require(pack.approach(.listeningChannels)?.narrativeTh)
        let paragraphs = text.components(separatedBy: "\n\n")
        #expect(paragraphs.count == 5)
        #expect(paragraphs[0].contains("ปีงบประมาณ 2569") && paragraphs[0].contains("1 ธันวาคม 2568"))
        #expect(paragraphs[1].hasPrefix("๑. แนวทาง (Approach)") && paragraphs[2].hasPrefix("๒. การนำไปปฏิบัติ (Deployment)"))
        #expect(paragraphs[3].hasPrefix("๓. การเรียนรู้ (Learning)") && paragraphs[4].hasPrefix("๔. การบูรณาการ (Integration)"))
        #expect(paragraphs[1].contains("กองสื่อสารองค์กร") && paragraphs[1].contains("1,290"))
        // Deployment: the channel counts grouped by thousands and first-use dates in BE.
        #expect(paragraphs[2].contains("LINE เริ่มใช้เมื่อวันที่ 2 ตุลาคม 2566") && paragraphs[2].contains("1,234 เรื่อง"))
        #expect(paragraphs[2].contains("1,200 เรื่อง") && paragraphs[2].contains("15 มกราคม 2567"))
        #expect(paragraphs[3].contains("10 มีนาคม 2567") && paragraphs[3].contains("ปรับขั้นตอนรับเรื่องทางไลน์"))
        // A gap stays in the draft where its sentence belongs, saying what to add.
        #expect(paragraphs[4].contains("[I2 ความเชื่อมโยงกับแผนของส่วนราชการ: ยังไม่มีข้อมูล"))
        let complaints = try #require(pack.approach(.complaintManagement)?.narrativeTh)
        #expect(complaints.contains("5,000 ครั้ง") && complaints.contains("1 ตุลาคม 2568"))
    }

    @Test func theSameInputsGiveTheSameNarrative() throws {
        let a = EvidencePackBuilder.build(try EvidenceFixture.inputs())
        let b = EvidencePackBuilder.build(try EvidenceFixture.inputs())
        #expect(a.approaches.map(\.narrativeTh) == b.approaches.map(\.narrativeTh))
        #expect(Set(a.approaches.map(\.narrativeTh)).count == 5)
    }
}
