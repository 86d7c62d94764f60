import Foundation
import Testing
@testable import SiangCore

@Suite struct SurveyImportPlanTests {
    let settings = try! SiangConfiguration.defaults().surveys

    func plan(_ header: [String], _ mapping: SurveyImportMapping = SurveyImportMapping()) throws -> SurveyImportPlan {
        try SurveyImportPlan(header: header, mapping: mapping, settings: settings)
    }

    @Test func cellsOnTheScaleReadAsOneToFive() throws {
        let p = try plan(["overall"])
        #expect(p.rating("5", max: 5) == 5)
        #expect(p.rating("5 - มากที่สุด", max: 5) == 5)
        #expect(p.rating("มากที่สุด", max: 5) == 5)
        #expect(p.rating("พึงพอใจน้อยที่สุด", max: 5) == 1)
        #expect(p.rating("Very low", max: 5) == 1)
        #expect(p.rating("6", max: 5) == nil)
        #expect(p.rating("4.5", max: 5) == nil)
        #expect(p.rating("ดีเลิศ", max: 5) == nil)
        #expect((0...10).map { p.rating("\($0)", max: 10) } == [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    }

    @Test func datesInBuddhistOrCommonEraAndISO() {
        let expected = BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 11, day: 21, hour: 9, minute: 15, second: 2))!
        #expect(SurveyImportPlan.date("21/11/2569 09:15:02") == expected)
        #expect(SurveyImportPlan.date("21/11/2026, 09:15:02") == expected)
        #expect(SurveyImportPlan.date("2026-11-21 09:15:02") == expected)
        #expect(SurveyImportPlan.date("2026-11-21T02:15:02Z") == expected)
        #expect(SurveyImportPlan.date("31/02/2569") == nil)
        #expect(SurveyImportPlan.date("เมื่อวาน") == nil)
    }

    @Test func csvRecordsKeepTheLineTheyStartOn() throws {
        let text = "a,b\r\n1,\"two\r\nlines\"\r\n\r\n3,\"say \"\"hi\"\"\"\r\n"
        let records = try SurveyCSV.records(Data(text.utf8))
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["1", "two\r\nlines"])
        #expect(records[2].fields == ["3", "say \"hi\""])
        #expect(throws: SurveyCSV.Failure.unterminatedQuote(line: 2)) { try SurveyCSV.records(Data("a\n\"open\n".utf8)) }
        #expect(try SurveyCSV.records(Data("x;y\n1;2\n".utf8)).last?.fields == ["1", "2"])
    }

    @Test func headersMatchQuestionWordingGridRowsAndMappedNames() throws {
        let p = try plan(["Timestamp", "Overall satisfaction with how your case was handled", "ความพึงพอใจ [ด้านเจ้าหน้าที่ผู้ให้บริการ (ความสุภาพ ความเต็มใจ ความรู้)]", "ชื่อ"])
        #expect(p.columns["answeredAt"] == 0)
        #expect(p.columns["overall"] == 1)
        #expect(p.columns["staff"] == 2)
        #expect(p.warnings == ["columns not imported: ชื่อ"])
        #expect(throws: SurveyImportPlan.Failure.self) { try plan(["คะแนน"]) }
        #expect(try plan(["คะแนน"], SurveyImportMapping(columns: ["overall": ["คะแนน"]])).columns["overall"] == 0)
        #expect(throws: SurveyImportPlan.Failure.unknownColumn(field: "trust", names: ["เชื่อมั่น"])) {
            try plan(["overall"], SurveyImportMapping(columns: ["trust": ["เชื่อมั่น"]]))
        }
    }
}
