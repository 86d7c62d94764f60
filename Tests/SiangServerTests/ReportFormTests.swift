import Foundation
import Testing
@testable import SiangServer
import SiangCore
import SiangReports

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
        #expect(form.entry == TargetBook.Entry(target: 85, baseline: 1080.5, comparators: [.init(name: "กรมสรรพากร", value: 88.4, why: "หน่วยบริการประชาชนขนาดใกล้เคียงกัน")]))
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

    @Test func aBookFromTheFormOrTheAPIIsCheckedByTheImportRules() async throws {
        let server = try await TestServer()
        let reports = ReportService(services: server.services)
        let good = #"{"targets":{"satisfaction_pct":{"2566":{"baseline":80.5},"2569":{"target":85,"comparators":[{"name":"กรมสรรพากร","value":88.4,"why":"ขนาดใกล้เคียงกัน"}]}}}}"#
        let book = try reports.checked(good)
        #expect(book.entry("satisfaction_pct", fiscalYear: 2566)?.baseline == 80.5)
        #expect(book.entry("satisfaction_pct", fiscalYear: 2569)?.comparators == [.init(name: "กรมสรรพากร", value: 88.4, why: "ขนาดใกล้เคียงกัน")])
        #expect(try reports.checked(book.json()) == book, "what is stored reads back")
        for (bad, words) in [(#"{"targets":{"nope":{"2569":{"target":1}}}}"#, "targets.nope"),
                             (#"{"targets":{"satisfaction_pct":{"2025":{"target":85}}}}"#, "did you mean 2568"),
                             (#"{"targets":{"satisfaction_pct":{"2569":{"target":0}}}}"#, "target is 0"),
                             (#"{"targets":{"satisfaction_pct":{"2569":{"goal":85}}}}"#, "goal"),
                             (#"{"targets":{"satisfaction_pct":{"2569":{"comparators":[{"value":1}]}}}}"#, "has no name")] {
            do {
                _ = try reports.checked(bad)
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.status == .unprocessableContent && error.code == "invalid_targets")
                #expect(error.en.contains(words), "\(error.en)")
            }
        }
    }

    @Test func periodNamesAreCheckedBeforeAnythingIsComputed() throws {
        let month = try ReportPeriodRef.parse(kind: "monthly", id: "2025-10", now: Self.now)
        #expect(month.key == .month(FiscalMonth(year: FiscalYear(beYear: 2569), number: 1)) && month.start == FiscalYear(beYear: 2569).start)
        let quarter = try ReportPeriodRef.parse(kind: "quarter", id: "2569-q2", now: Self.now)
        #expect(quarter.id == "2569-Q2" && quarter.start == FiscalMonth(year: FiscalYear(beYear: 2569), number: 4).start)
        #expect(try ReportPeriodRef.parse(kind: "fy", id: "2570", now: Self.now).start == FiscalYear(beYear: 2570).start)
        for (kind, id) in [("monthly", "2025-1"), ("monthly", "2025-00"), ("monthly", "2568-10"), ("quarter", "2569Q1"), ("fy", "25690"), ("fy", "2025")] {
            let error = #expect(throws: ReportPeriodRef.Problem.self, "\(kind) \(id)") { try ReportPeriodRef.parse(kind: kind, id: id, now: Self.now) }
            guard case .malformed(let why)? = error else { Issue.record("\(kind) \(id): \(String(describing: error))"); continue }
            #expect(!why.isEmpty)
        }
        #expect(throws: ReportPeriodRef.Problem.notBegun) { try ReportPeriodRef.parse(kind: "fy", id: "2571", now: Self.now) }
        #expect(throws: ReportPeriodRef.Problem.notBegun) { try ReportPeriodRef.parse(kind: "monthly", id: "2026-12", now: Self.now) }
        #expect(throws: ReportPeriodRef.Problem.unknownKind) { try ReportPeriodRef.parse(kind: "yearly", id: "2569", now: Self.now) }
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
