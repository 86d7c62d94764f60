import Foundation
import Testing
import SiangCore
import SiangPipeline
import SiangStore

@Suite struct SurveyImportTests {
    /// A Google Forms response sheet exported as CSV, Thai headers as the form asked them; row 4 (line
    /// 5, after a comment that spans two lines) has a rating that is no point of the scale, row 6 a
    /// date that does not exist.
    static let googleForms = """
        \u{FEFF}ประทับเวลา,ท่านติดต่อในฐานะ,ความพึงพอใจโดยรวมต่อการดำเนินการเรื่องของท่าน,ด้านขั้นตอนการให้บริการ (ความชัดเจน ความรวดเร็ว),ความเชื่อมั่น [ท่านมีความเชื่อมั่นต่อการปฏิบัติงานของหน่วยงานเพียงใด],สาเหตุที่ท่านไม่พึงพอใจ (เลือกได้มากกว่า 1 ข้อ),ข้อเสนอแนะเพิ่มเติม,อีเมลผู้ตอบ\r
        21/11/2569 09:15:02,ประชาชนทั่วไป,5,มากที่สุด,4,,บริการดีมาก,a@example.com\r
        21/11/2569 10:02:45,ผู้ประกอบการ,พึงพอใจน้อย,2,2,"ล่าช้า, ไม่ได้รับแจ้งความคืบหน้า","รอนาน
        ไม่มีใครโทรแจ้ง",b@example.com\r
        22/11/2569 08:00:00,ประชาชนทั่วไป,ดีเลิศ,3,3,,,c@example.com\r
        22/11/2569 13:30:00,ผู้สูงอายุ ผู้พิการ และกลุ่มเปราะบาง,1,1,1,"ขั้นตอนยุ่งยาก, ไม่มีที่นั่งรอ",,\r
        31/02/2569 08:00:00,ประชาชนทั่วไป,4,4,4,,,\r

        """

    @Test func aGoogleFormsExportWithThaiHeadersAndBadRowsIsImportedByLine() async throws {
        let f = try SurveyFixture()
        let importer = SurveyImporter(store: f.store, configuration: f.configuration)
        let mapping = SurveyImportMapping(source: "google_forms")
        let summary = try await importer.importCSV(Data(Self.googleForms.utf8), mapping: mapping, at: SurveyFixture.start)
        #expect(summary.source == "import:google_forms")
        #expect(summary.imported == 3)
        #expect(summary.duplicates == 0)
        #expect(summary.rejected.map(\.line) == [5, 7])
        #expect(summary.rejected.first?.reason.contains("ดีเลิศ") == true)
        #expect(summary.rejected.last?.reason.contains("31/02/2569") == true)
        #expect(summary.warnings == ["columns not imported: อีเมลผู้ตอบ"])

        let from = bangkok(2026, 11, 21)
        let facts = try await f.store.surveyFacts(from: from, to: from.addingTimeInterval(3 * 86_400))
        #expect(facts.count == 3)
        #expect(facts.allSatisfy { $0.source == "import:google_forms" })
        #expect(facts.map(\.answeredAt) == [bangkok(2026, 11, 21, 9, 15).addingTimeInterval(2), bangkok(2026, 11, 21, 10, 2).addingTimeInterval(45),
                                            bangkok(2026, 11, 22, 13, 30)])
        #expect(facts.map(\.overall) == [5, 2, 1])
        #expect(facts.map(\.segment) == [.citizen, .business, .vulnerable])
        #expect(facts.map { $0.dimensions["process"] } == [5, 2, 1])
        #expect(facts.map(\.trust) == [4, 2, 1])
        #expect(facts[1].reasons == ["delay", "no_update"])
        // "ไม่มีที่นั่งรอ" is no reason of ours: the form's "other" answer, kept as the reason text.
        #expect(facts[2].reasons == ["complex_process", "other"])

        // The same export again, or a later one repeating its rows, counts each answer once.
        let again = try await importer.importCSV(Data(Self.googleForms.utf8), mapping: mapping, at: SurveyFixture.start)
        #expect(again.imported == 0 && again.duplicates == 3 && again.rejected.count == 2)
        // Answers keep their source apart from case surveys in the figures.
        let bySource = SurveyAggregator.aggregate(facts, by: [.source])
        #expect(bySource.map { $0.key["source"] } == ["import:google_forms"])
    }

    @Test func aMappingFileReadsTenPointScalesThaiLabelsAndOtherWords() async throws {
        let f = try SurveyFixture(extraYAML: """
            surveys:
              servicePoints:
                - {code: ONESTOP, th: ศูนย์บริการแบบเบ็ดเสร็จ, en: One-stop service centre, unit: สำนักปลัด}
            """)
        let mapping = try SurveyImportMapping(yaml: """
            source: counter_survey_2569
            survey: service_point
            scales: {recommend: 10}
            columns:
              answeredAt: วันที่
              segment: สถานะ
              overall: โดยรวม
              staff: [เจ้าหน้าที่, พนักงาน]
              recommend: แนะนำ (0-10)
              reasons: ปัญหาที่พบ
              servicePoint: จุดบริการ
            labels: {ดีมาก: 5, ดี: 4, พอใช้: 3, ควรปรับปรุง: 2, ต้องปรับปรุงอย่างยิ่ง: 1}
            reasons: {รอคิวนาน: delay}
            segments: {ร้านค้า: business, ประชาชน: citizen}
            """)
        let csv = """
            วันที่;สถานะ;โดยรวม;พนักงาน;แนะนำ (0-10);ปัญหาที่พบ;จุดบริการ
            2026-11-20 09:00;ร้านค้า;ดีมาก;ดี;10;;ONESTOP
            2026-11-20 10:00;ประชาชน;ต้องปรับปรุงอย่างยิ่ง;ควรปรับปรุง;3;รอคิวนาน;ศูนย์บริการแบบเบ็ดเสร็จ
            2026-11-20 11:00;นักเรียน;พอใช้;พอใช้;5;;ONESTOP
            """
        let summary = try await SurveyImporter(store: f.store, configuration: f.configuration)
            .importCSV(Data(csv.utf8), mapping: mapping, at: SurveyFixture.start)
        #expect(summary.imported == 2)
        #expect(summary.rejected == [RowProblem(line: 4, reason: "\"นักเรียน\" is not a segment (map it under segments:)")])
        let facts = try await f.store.surveyFacts(from: bangkok(2026, 11, 20), to: bangkok(2026, 11, 21))
        #expect(facts.map(\.overall) == [5, 1])
        #expect(facts.map(\.recommend) == [5, 2], "10 → 5, 3 → 2 on the 10-point scale")
        #expect(facts.map { $0.dimensions["staff"] } == [4, 2])
        #expect(facts.map(\.servicePoint) == ["ONESTOP", "ONESTOP"])
        #expect(facts.map(\.source) == ["import:counter_survey_2569", "import:counter_survey_2569"])
        #expect(facts[1].reasons == ["delay"])
    }

    @Test func filesWithoutTheOverallColumnOrNotInUTF8AreRefusedWhole() async throws {
        let f = try SurveyFixture()
        let importer = SurveyImporter(store: f.store, configuration: f.configuration)
        await #expect(throws: SurveyImporter.Failure.self) {
            try await importer.importCSV(Data("ประทับเวลา,ชื่อ\n21/11/2569 09:00,สมชาย\n".utf8), mapping: SurveyImportMapping(), at: SurveyFixture.start)
        }
        await #expect(throws: SurveyImporter.Failure.file(.notUTF8)) {
            try await importer.importCSV(Data([0xBB, 0xA1, 0xB5, 0xD4, 0x0A]), mapping: SurveyImportMapping(), at: SurveyFixture.start)
        }
        #expect(throws: SurveyImportMapping.Failure.self) { try SurveyImportMapping(yaml: "scale: 7") }
    }
}
