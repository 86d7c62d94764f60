import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The `siang.report.v1` JSON: the DESIGN 5.7 keys exactly, nulls present, numbers rounded half away
/// from zero, Bangkok times, no synthesised keys; read back whole; and the pending changes of a
/// locked month.
@Suite struct ReportJSONTests {
    typealias F = ReportFixture

    func october() throws -> ReportDocument {
        try F.report(.month, "2025-10", F.inputs(cases: CaseMetricsTests.cases, answers: SurveyMetricsTests.answers,
                                                 invitations: SurveyMetricsTests.invitations), now: F.bkk(2025, 12, 1, 9))
    }

    @Test func documentHasTheDesignShape() throws {
        let text = ReportJSON.encode(try october())
        let root = try #require(JSONValue.parse(text))
        #expect(root["schema"] == .string("siang.report.v1"))
        #expect(Set(root.objectValue!.keys).isSuperset(of: ["schema", "period", "revision", "locked", "metrics", "reasons", "frequentComplaints"]))
        let period = try #require(root["period"])
        #expect(period["kind"] == .string("month"))
        #expect(period["id"] == .string("2025-10"))
        #expect(period["fiscalYear"] == .number(2569))
        #expect(period["from"] == .string("2025-10-01T00:00:00+07:00"))
        #expect(period["to"] == .string("2025-11-01T00:00:00+07:00"))
        #expect(period["asOf"] == .string("2025-11-01T00:00:00+07:00"))
        #expect(root["generatedAt"] == .string("2025-12-01T09:00:00+07:00"))
        #expect(!text.contains("_0"))
        let metrics = try #require(root["metrics"]?.arrayValue)
        for m in metrics {
            for key in ["id", "value", "numerator", "denominator", "breakdowns", "letci"] {
                #expect(m[key] != nil, "\(key) missing in \(m["id"]?.stringValue ?? "?")")
            }
        }
        let sla = try #require(metrics.first { $0["id"] == .string("resolved_within_sla_pct") })
        #expect(sla["value"] == .number(71.43))
        #expect(sla["numerator"] == .number(5))
        let row = try #require(sla["breakdowns"]?["channel"]?.arrayValue?.first)
        #expect(Set(row.objectValue!.keys) == ["key", "value", "numerator", "denominator"])
        let count = try #require(metrics.first { $0["id"] == .string("complaints_received") })
        #expect(count["numerator"] == .null)
        #expect(count["breakdowns"]?["channel"]?.arrayValue?.first?["denominator"] == .null)
        #expect(text.contains("\"reasons\":[{\"code\":\"delay\",\"count\":3,\"cumulativeShare\":60,\"share\":60}"))
        #expect(text.contains("\"frequentComplaints\":[{\"category\":\"road\",\"count\":3,\"cumulativeShare\":33.33,\"previousCount\":1,\"share\":33.33}"))
    }

    @Test func emptyDenominatorIsWrittenAsNull() throws {
        let text = ReportJSON.encode(try F.report(.month, "2025-12", F.inputs()))
        let metrics = try #require(JSONValue.parse(text)?["metrics"]?.arrayValue)
        let resolved = try #require(metrics.first { $0["id"] == .string("complaints_resolved_pct") })
        #expect(resolved["value"] == .null)
        #expect(resolved["denominator"] == .number(0))
    }

    @Test func documentReadsBackAsWritten() throws {
        let d = try F.report(.fiscalYear, "2569", F.inputs(answers: LeTCITests.answers,
                                                           targets: TargetBook(yaml: LeTCITests.targetsYAML, catalog: MetricCatalog.load())))
        let text = ReportJSON.encode(d)
        let back = try ReportJSON.decode(text)
        #expect(ReportJSON.encode(back) == text)
        #expect(back.metric("satisfaction_pct")?.letci?.band == .advance)
        #expect(back.period.asOf == d.period.asOf)
    }

    @Test func brokenStoredDocumentsAreRefused() {
        func bad(_ text: String) -> String {
            do { _ = try ReportJSON.decode(text); return "accepted" } catch { return error.description }
        }
        #expect(bad("{").contains("not JSON"))
        #expect(bad("{\"schema\":\"siang.report.v0\"}").contains("schema"))
        #expect(bad("{\"schema\":\"siang.report.v1\"}").contains("period is missing"))
    }

    @Test func lockedMonthChangesAreListedOnRoundedFigures() throws {
        let stored = try ReportJSON.decode(ReportJSON.encode(try october()))
        // A late reply to C moves nothing but adds a breached case? Recompute with case C removed instead:
        // the SLA share becomes 5/6 = 83.33 and water's row 100; hotline's row vanishes from cases_received.
        let recomputed = try F.report(.month, "2025-10", F.inputs(cases: CaseMetricsTests.cases.filter { $0.trackingID != F.id(3) },
                                                                  answers: SurveyMetricsTests.answers,
                                                                  invitations: SurveyMetricsTests.invitations))
        #expect(PendingChanges.between(stored: stored, recomputed: stored).isEmpty)
        let changes = PendingChanges.between(stored: stored, recomputed: recomputed)
        #expect(changes.contains(PendingChange(metric: "resolved_within_sla_pct", breakdown: "overall", stored: 71.43,
                                               now: 100.0 * 5 / 6)))
        #expect(changes.contains(PendingChange(metric: "resolved_within_sla_pct", breakdown: "category:water", stored: 50, now: 100)))
        #expect(changes.contains { $0.metric == "cases_received" && $0.breakdown == "channel:hotline" && $0.stored == 2 && $0.now == 1 })
        // A recomputation that differs only past the second decimal is not a change.
        var nudged = stored
        nudged.metrics[0].value = (stored.metrics[0].value ?? 0) + 0.001
        #expect(PendingChanges.between(stored: stored, recomputed: nudged).isEmpty)
    }
}
