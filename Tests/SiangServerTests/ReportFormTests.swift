import Foundation
import Testing
@testable import SiangServer
import SiangCore

/// The targets form, the targets JSON and the period names: every mistake a person can make is named.
@Suite struct ReportFormTests {
    static let metrics: Set<String> = ["satisfaction_pct", "complaints_resolved_pct"]
    static let now = BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 11, day: 16, hour: 10))!

    func problems(_ fields: [String: String]) -> [String] {
        guard case .failure(let f) = TargetForm.read(fields, metrics: Self.metrics) else { return [] }
        return f.fields.map(\.field).sorted()
    }

    @Test func aCompleteTargetFormBecomesOneEntry() throws {
        let form = try TargetForm.read(["metric": "satisfaction_pct", "fiscalYear": " 2569 ", "target": "85", "baseline": "1,080.5",
                                        "c1_name": "กรมสรรพากร", "c1_value": "88.4", "c1_why": "หน่วยบริการประชาชนขนาดใกล้เคียงกัน",
                                        "c2_name": "", "c2_value": "", "c2_why": ""], metrics: Self.metrics).get()
        #expect(form.metric == "satisfaction_pct" && form.fiscalYear == 2569)
        #expect(form.entry == .init(target: 85, baseline: 1080.5, comparators: [.init(name: "กรมสรรพากร", value: 88.4, why: "หน่วยบริการประชาชนขนาดใกล้เคียงกัน")]))
    }

    @Test func theTargetFormNamesEveryBadField() {
        #expect(problems(["metric": "no_such", "fiscalYear": "69", "target": "eighty"]) == ["fiscalYear", "metric", "target"])
        #expect(problems(["metric": "", "fiscalYear": "", "target": "85"]) == ["fiscalYear", "metric"])
        #expect(problems(["metric": "satisfaction_pct", "fiscalYear": "2569", "target": "inf"]) == ["target"])
        #expect(problems(["metric": "satisfaction_pct", "fiscalYear": "2569", "c1_name": "กรมสรรพากร"]) == ["c1_value"])
        #expect(problems(["metric": "satisfaction_pct", "fiscalYear": "2569", "c2_value": "88"]) == ["c2_name"])
        #expect(problems(["metric": "satisfaction_pct", "fiscalYear": "2569", "c3_name": "x", "c3_value": "1", "c3_why": String(repeating: "ก", count: 501)]) == ["c3_why"])
        #expect(problems(["metric": "satisfaction_pct", "fiscalYear": "2569"]) == ["target"], "an entry with nothing in it")
        #expect(problems(["metric": "satisfaction_pct", "fiscalYear": "1999", "target": "85"]) == ["fiscalYear"], "a CE year is not a BE fiscal year")
    }

    @Test func theTargetsJSONReadsTheYAMLsStructureAndRoundTrips() throws {
        let body = #"{"targets":{"satisfaction_pct":{"2566":{"baseline":80.5},"2569":{"target":85,"comparators":[{"name":"กรมสรรพากร","value":88.4,"why":"ขนาดใกล้เคียงกัน"}]}}}}"#
        let book = try TargetsJSON.read(Data(body.utf8), metrics: Self.metrics)
        #expect(book["satisfaction_pct"]?[2566] == .init(target: nil, baseline: 80.5, comparators: []))
        #expect(book["satisfaction_pct"]?[2569]?.comparators == [.init(name: "กรมสรรพากร", value: 88.4, why: "ขนาดใกล้เคียงกัน")])
        #expect(try TargetsJSON.read(TargetsJSON.data(book), metrics: Self.metrics) == book)
    }

    @Test func theTargetsJSONNamesThePlaceOfEveryMistake() {
        func fields(_ body: String) -> [String] {
            do { _ = try TargetsJSON.read(Data(body.utf8), metrics: Self.metrics); return [] } catch { return error.fields.map(\.field) }
        }
        #expect(fields(#"{"targets":{"nope":{"2569":{"target":1}}}}"#) == ["targets.nope"])
        #expect(fields(#"{"targets":{"satisfaction_pct":{"69":{"target":1}}}}"#) == ["targets.satisfaction_pct.69"])
        #expect(fields(#"{"targets":{"satisfaction_pct":{"2569":{"target":"85"}}}}"#) == ["targets.satisfaction_pct.2569.target"])
        #expect(fields(#"{"targets":{"satisfaction_pct":{"2569":{"target":true}}}}"#) == ["targets.satisfaction_pct.2569.target"])
        #expect(fields(#"{"targets":{"satisfaction_pct":{"2569":{"goal":85}}}}"#) == ["targets.satisfaction_pct.2569.goal"])
        #expect(fields(#"{"targets":{"satisfaction_pct":{"2569":{"comparators":[{"value":1}]}}}}"#) == ["targets.satisfaction_pct.2569.comparators[0].name"])
        #expect(fields(#"{"targets":{"satisfaction_pct":{"2569":{"comparators":[{"name":"x"}]}}}}"#) == ["targets.satisfaction_pct.2569.comparators[0].value"])
        #expect(fields(#"{"goals":{}}"#) == ["targets"])
        do { _ = try TargetsJSON.read(Data("[1]".utf8), metrics: Self.metrics); Issue.record("a list is not a book") } catch {
            #expect(error.status == .badRequest)
        }
    }

    @Test func periodNamesAreCheckedBeforeAnythingIsComputed() throws {
        let month = try ReportPeriodRef.parse(kind: "monthly", id: "2025-10", now: Self.now)
        #expect(month.fiscalYear == FiscalYear(beYear: 2569) && month.start == FiscalMonth(year: FiscalYear(beYear: 2569), number: 1).start)
        let quarter = try ReportPeriodRef.parse(kind: "quarter", id: "2569-q2", now: Self.now)
        #expect(quarter.id == "2569-Q2" && quarter.start == FiscalMonth(year: FiscalYear(beYear: 2569), number: 4).start)
        #expect(try ReportPeriodRef.parse(kind: "fy", id: "2570", now: Self.now).start == FiscalYear(beYear: 2570).start)
        for (kind, id, problem) in [("monthly", "2025-1", ReportPeriodRef.Problem.malformed), ("monthly", "2025-00", .malformed),
                                    ("quarter", "2569Q1", .malformed), ("fy", "25690", .malformed), ("fy", "2571", .notBegun),
                                    ("monthly", "2026-12", .notBegun), ("yearly", "2569", .unknownKind)] {
            #expect(throws: problem, "\(kind) \(id)") { try ReportPeriodRef.parse(kind: kind, id: id, now: Self.now) }
        }
    }

    @Test func thePickersOfferThreeFiscalYearsUpToNowInBE() {
        let th = ReportPickers(now: Self.now, language: .th)
        #expect(th.years.map(\.id) == ["2570", "2569", "2568"])
        #expect(th.months.first?.id == "2026-11" && th.months.first?.label == "พฤศจิกายน 2569")
        #expect(th.months.last?.id == "2024-10" && th.months.count == 26)
        #expect(th.quarters.first?.id == "2570-Q1" && th.quarters.count == 9)
        #expect(ReportPickers(now: Self.now, language: .en).years.first?.label == "Fiscal year 2570 (BE)")
    }
}
