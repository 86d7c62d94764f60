import Foundation
import SiangCore
import SiangStore
import Testing
@testable import SiangReports

/// The evidence pack built from the hand-made fiscal year of ``EvidenceFixture``: every item's source
/// and figures, first-use dates and counts worked out from the fixture by hand.
@Suite struct EvidencePackTests {
    let pack: EvidencePack

    init() throws { pack = EvidencePackBuilder.build(try EvidenceFixture.inputs()) }

    func item(_ approach: EvidenceApproach, _ key: EvidenceItemKey) throws -> EvidenceItem {
        try #require(pack.approach(approach)?.item(key))
    }

    func counts(_ item: EvidenceItem) -> [String] {
        item.entries.map { "\($0.code)=\($0.count.map(String.init) ?? "-")@\($0.firstUsedOn ?? "-")" }
    }

    @Test func everyApproachHasTheFifteenItemsInADLIOrder() {
        #expect(pack.approaches.map(\.id) == EvidenceApproach.allCases)
        for a in pack.approaches {
            #expect(a.items.map(\.key.rawValue) == ["A1", "A2", "A3", "A4", "A5", "A6", "D1", "D2", "D3", "D4", "L1", "L2", "I1", "I2", "I3"])
            #expect(a.items.map(\.dimension) == ["A", "A", "A", "A", "A", "A", "D", "D", "D", "D", "L", "L", "I", "I", "I"])
        }
    }

    @Test func listeningChannelsTakesTheAgencyTextFromConfigAndTheRestFromData() throws {
        let a1 = try item(.listeningChannels, .a1)
        #expect(a1.source == .config && a1.text.contains("กระบวนการรับฟังเสียงผู้รับบริการและผู้มีส่วนได้ส่วนเสียผ่านช่องทางที่หลากหลาย"))
        #expect(try item(.listeningChannels, .a2).source == .config)
        #expect(try item(.listeningChannels, .a2).text.contains("กองสื่อสารองค์กร"))
        let a3 = try item(.listeningChannels, .a3)
        #expect(a3.source == .config && a3.entries.map(\.code) == ["input", "process"] && a3.text.contains("ยังไม่ได้ระบุผลผลิต"))
        #expect(try item(.listeningChannels, .a4).source == .config)
        // A5: the process measures with the year's values from the report.
        let a5 = try item(.listeningChannels, .a5)
        #expect(a5.source == .data && a5.entries.map(\.code) == ["cases_received", "first_response_within_sla_pct"])
        #expect(a5.entries.map(\.value) == [1_290, nil])
        // D1: cases by segment in the year, most first.
        #expect(counts(try item(.listeningChannels, .d1)) == ["citizen=1200@-", "business=90@-"])
        // D2: every channel used before the year's end, with its first case over all history.
        let d2 = try item(.listeningChannels, .d2)
        #expect(d2.source == .data && counts(d2) == ["line=1234@2023-10-02", "web=56@2024-01-15", "email=0@2024-05-01"])
        #expect(d2.entries.first?.labelTh == "LINE")
        // D3: 2 of 12 months with cases, 1,290 / 2 = 645 a month, and the stated cycle.
        let d3 = try item(.listeningChannels, .d3)
        #expect(d3.source == .data && counts(d3) == ["2025-10=600@-", "2025-11=690@-"])
        #expect(d3.text.contains("2 เดือนจาก 12 เดือน") && d3.text.contains("645") && d3.text.contains("ทุกวันทำการ"))
        #expect(counts(try item(.listeningChannels, .d4)) == ["roads=800@-", "water=490@-", "hq=12@-"])
        // L: the only listening improvement (linked to cases_received) is from FY 2567.
        #expect(try item(.listeningChannels, .l1).source == .none)
        let l2 = try item(.listeningChannels, .l2)
        #expect(l2.source == .data && l2.entries.map(\.code) == ["improvement:1"] && l2.entries.first?.date == "2024-03-10")
        let i1 = try item(.listeningChannels, .i1)
        #expect(i1.source == .config && i1.entries.first?.url == "https://example.go.th/profile.pdf")
        let i2 = try item(.listeningChannels, .i2)
        #expect(i2.source == .none && i2.text.contains("evidence.approaches.listening_channels.plans"))
        #expect(pack.approach(.listeningChannels)?.metricIds == ["cases_received", "digital_services_pct"])
    }

    @Test func complaintManagementCountsComplaintsPerChannelAndTheTrackingLookups() throws {
        let d2 = try item(.complaintManagement, .d2)
        #expect(counts(d2) == ["line=1000@2023-10-02", "web=40@2024-01-15", "email=0@2024-05-01",
                               "tracking_page=5000@2025-10-01", "tracking_api=321@2025-10-05"])
        #expect(counts(try item(.complaintManagement, .d1)) == ["citizen=950@-", "business=90@-"])
        #expect(counts(try item(.complaintManagement, .d4)) == ["roads=700@-", "water=340@-"])
        // Nothing configured beyond the shipped name: the owner says what to add and where.
        let a2 = try item(.complaintManagement, .a2)
        #expect(a2.source == .none && a2.text.contains("evidence.approaches.complaint_management.owner"))
        // Improvement 2 was triggered by a complaint category: innovation, in the year.
        #expect(counts(try item(.complaintManagement, .l1)) == ["innovation=1@-"])
        #expect(pack.approach(.complaintManagement)?.metricIds.contains("resolved_within_sla_pct") == true)
        #expect(pack.approach(.complaintManagement)?.metricIds.contains("satisfaction_pct") == false)
    }

    @Test func theSurveyApproachCountsAnswersBySourceSegmentAndServicePoint() throws {
        #expect(counts(try item(.satisfactionSurvey, .d2)) == ["case=40@2024-02-01", "service_point=12@2025-11-03", "import:opdc=0@2024-06-01"])
        #expect(try item(.satisfactionSurvey, .d2).entries.last?.labelTh == "นำเข้าจาก opdc")
        #expect(counts(try item(.satisfactionSurvey, .d1)) == ["citizen=50@-", "unspecified=2@-"])
        #expect(counts(try item(.satisfactionSurvey, .d4)) == ["hq=12@-", "case=40@-"])
        #expect(counts(try item(.satisfactionSurvey, .d3)) == ["2025-10=30@-", "2025-11=22@-"])
        #expect(try item(.satisfactionSurvey, .l2).entries.map(\.code) == ["improvement:3"])
        let a6 = try item(.satisfactionSurvey, .a6)
        #expect(a6.entries.map(\.code) == ["satisfaction_pct", "dissatisfaction_pct", "trust_pct", "engagement_pct"])
        #expect(a6.entries.map(\.value) == [85.13, 7.69, nil, nil])
    }

    @Test func theImprovementApproachIsTheLogItself() throws {
        let a5 = try item(.improvementFromFeedback, .a5)
        #expect(counts(a5) == ["improvements_recorded=2@-", "improvements_with_before_after=1@-"])
        let a6 = try item(.improvementFromFeedback, .a6)
        #expect(a6.entries.map(\.code) == ["resolved_within_sla_pct"] && a6.entries.first?.value == 85 && a6.entries.first?.date == "2026-01-15")
        #expect(a6.text.contains("71.43") && a6.text.contains("85"))
        #expect(counts(try item(.improvementFromFeedback, .d1)) == ["category:road=1@-", "reason:slow=1@-", "servicePoint:hq=1@-"])
        #expect(counts(try item(.improvementFromFeedback, .d2)) == ["improvement_log=3@2024-03-10"])
        #expect(counts(try item(.improvementFromFeedback, .d4)) == ["กองช่าง=1@-", "สำนักปลัด=1@-"])
        #expect(counts(try item(.improvementFromFeedback, .l1)) == ["innovation=1@-", "sharing=1@-"])
        #expect(try item(.improvementFromFeedback, .l2).entries.map(\.code) == ["improvement:1", "improvement:2", "improvement:3"])
        #expect(pack.approach(.improvementFromFeedback)?.metricIds == ["resolved_within_sla_pct", "satisfaction_pct"])
    }

    @Test func segmentationShowsItsMeasuresBySegment() throws {
        let a6 = try item(.segmentation, .a6)
        #expect(a6.entries.map(\.code) == ["satisfaction_pct:business", "satisfaction_pct:citizen"] && a6.entries.map(\.value) == [80, 86.13])
        #expect(counts(try item(.segmentation, .d2)) == ["citizen=1200@2023-10-02", "business=90@2024-02-01"])
    }

    @Test func withoutDataOrSettingsEveryItemSaysWhatToAdd() throws {
        let empty = EvidencePackBuilder.build(EvidenceInputs(
            fiscalYear: 2569, asOf: EvidenceFixture.asOf, facts: EvidenceFacts(from: EvidenceFixture.from, to: EvidenceFixture.to),
            settings: EvidenceSettings(), improvements: [], report: try EvidenceFixture.report(values: [:]), labels: ReportLabels()))
        for a in empty.approaches {
            for item in a.items where item.source == .none { #expect(item.text.hasPrefix("ยังไม่มีข้อมูล"), "\(a.id) \(item.key)") }
            #expect(a.item(.a1)?.source == EvidenceSource.none && a.item(.d2)?.source == EvidenceSource.none && a.item(.l2)?.source == EvidenceSource.none)
        }
    }

    @Test func theJSONIsTheAgreedShape() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: pack.json()) as? [String: Any])
        #expect(object["fiscalYear"] as? Int == 2569 && object["asOf"] as? String == "2025-12-01T00:00:00+07:00")
        let approach = try #require((object["approaches"] as? [[String: Any]])?.first)
        #expect(Set(approach.keys) == ["id", "nameTh", "nameEn", "items", "metricIds", "narrativeTh"])
        let d2 = try #require((approach["items"] as? [[String: Any]])?.first { $0["key"] as? String == "D2" })
        #expect(d2["dimension"] as? String == "D" && d2["labelEn"] as? String == "First use" && d2["source"] as? String == "data")
        let line = try #require((d2["entries"] as? [[String: Any]])?.first)
        #expect(line as NSDictionary == ["code": "line", "labelTh": "LINE", "labelEn": "LINE", "count": 1234, "firstUsedOn": "2023-10-02"] as NSDictionary)
        // An L2 entry is the improvement as the improvements API writes it, null where absent.
        let improvement = try #require(pack.approach(.satisfactionSurvey)?.item(.l2)?.entries.first)
        let l2 = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(improvement)) as? [String: Any])
        #expect(l2["id"] as? Int == 3 && l2["date"] as? String == "2026-02-01" && l2["learningLevel"] as? String == "sharing")
        #expect(l2["recordedAt"] as? String == "2026-03-01T10:00:00+07:00" && l2["code"] as? String == "improvement:3")
        let after = try #require(((l2["effects"] as? [[String: Any]])?.first?["after"]) as? [String: Any])
        #expect(after["value"] is NSNull && after["denominator"] is NSNull && after["fromMonth"] as? String == "2026-03")
        #expect((l2["triggers"] as? [String: Any])?["servicePoint"] as? String == "hq")
        let none = try #require(pack.approach(.listeningChannels)?.item(.l2)?.entries.first)
        let noPoint = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(none)) as? [String: Any])
        #expect((noPoint["triggers"] as? [String: Any])?["servicePoint"] is NSNull)
        // Reading the JSON back gives the same JSON.
        let decoded = try JSONDecoder().decode(EvidencePack.self, from: pack.json())
        #expect(try decoded.json() == pack.json())
    }

    @Test func anImprovementOfALaterYearIsNotEvidenceOfThisOne() throws {
        let later = EvidenceFixture.improvement(9, "2026-10-01", "ปรับปรุงในปีถัดไป", triggers: ImprovementTriggers(categories: ["road"]),
                                                unit: "กองช่าง", level: .pdca)
        let withLater = EvidencePackBuilder.build(try EvidenceFixture.inputs(improvements: EvidenceFixture.improvements + [later]))
        #expect(try withLater.json() == pack.json())
    }

    @Test func theSameInputsGiveTheSameBytesWhateverTheOrderOfTheLog() throws {
        let again = EvidencePackBuilder.build(try EvidenceFixture.inputs(improvements: EvidenceFixture.improvements.reversed()))
        #expect(try again.json() == pack.json())
    }
}
