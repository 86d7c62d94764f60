import Foundation
import Testing
@testable import SiangReports

/// The shipped metric catalog, the agency's override merged by id, and the targets file, each with
/// the mistakes an analyst makes refused by name.
@Suite struct CatalogAndTargetsTests {
    static let computed = ["cases_received", "complaints_received", "complaints_resolved_pct", "resolved_within_sla_pct",
                           "first_response_within_sla_pct", "median_days_to_resolve", "open_backlog", "open_breached",
                           "satisfaction_pct", "satisfied_share_pct", "dissatisfaction_pct", "trust_pct", "engagement_pct",
                           "complaint_handling_satisfaction_pct", "survey_response_rate_pct"]

    func error(_ body: () throws -> Void) -> String {
        do { try body(); return "accepted" } catch { return "\(error)" }
    }

    @Test func shippedCatalogHoldsEveryMetricOfDesign57AndTheManualOnes() throws {
        let c = try MetricCatalog.load()
        #expect(c.ids == Self.computed + ["digital_services_pct", "network_projects_success_pct"])
        for m in c.metrics {
            #expect(m.pmqaItems.first == "7.2", "\(m.id)")
            #expect(!m.nameTh.isEmpty && !m.nameEn.isEmpty)
        }
        #expect(c.definition("satisfaction_pct")?.pmqaItems.contains("3.2") == true)
        #expect(c.definition("resolved_within_sla_pct")?.pmqaItems.contains("3.3") == true)
        #expect(c.definition("median_days_to_resolve")?.better == .lower)
        #expect(c.definition("digital_services_pct")?.source == .manual)
    }

    @Test func overrideRenamesByIdAndAddsManualMetrics() throws {
        let c = try MetricCatalog.load(override: """
            trackingPrefix: CMP
            reportCatalog:
              metrics:
                - {id: satisfaction_pct, th: ร้อยละความพึงพอใจของประชาชน, version: 2}
                - {id: staff_training_pct, th: ร้อยละบุคลากรที่ผ่านการอบรมงานบริการ, en: Staff trained in service, unit: percent, better: higher, source: manual}
            """)
        #expect(c.definition("satisfaction_pct")?.nameTh == "ร้อยละความพึงพอใจของประชาชน")
        #expect(c.definition("satisfaction_pct")?.nameEn == "Satisfaction of service users and stakeholders (%)")
        #expect(c.definition("satisfaction_pct")?.definitionVersion == 2)
        #expect(c.ids.last == "staff_training_pct")
        #expect(try MetricCatalog.load(override: "line: {channelSecret: x}") == MetricCatalog.load())
    }

    @Test func badOverridesAreRefusedByName() {
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: trust_pct, better: up}]") }.contains("unknown direction \"up\""))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: trust_pct}, {id: trust_pct}]") }.contains("listed twice"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: x_pct, th: ก, en: x, unit: percent, better: higher, source: case}]") }
            .contains("source manual"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: y_pct, th: ก}]") }.contains("needs th, en, unit"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: trust_pct, unit: baht}]") }.contains("unknown unit"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: trust_pct, source: manual}]") }.contains("cannot change"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: trust_pct, colour: red}]") }.contains("colour is not a known key"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: Trust, th: x}]") }.contains("lower-case"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: [{id: trust_pct, pmqa: [seven]}]") }.contains("not a PMQA item"))
        #expect(error { _ = try MetricCatalog.load(override: "metrics: {") }.contains("not valid YAML"))
    }

    @Test func targetsFileReadsTargetsComparatorsBaselinesAndManualValues() throws {
        let c = try MetricCatalog.load()
        let book = try TargetBook(yaml: """
            targets:
              satisfaction_pct:
                2566: {baseline: 80.5}
                2569: {target: 85, comparators: [{name: กรมสรรพากร, value: 88.4, why: หน่วยบริการประชาชนขนาดใกล้เคียงกัน}]}
              network_projects_success_pct:
                2569: {value: 72.5}
            """, catalog: c)
        #expect(book.entry("satisfaction_pct", fiscalYear: 2566)?.baseline == 80.5)
        #expect(book.entry("satisfaction_pct", fiscalYear: 2569)?.comparators.first?.value == 88.4)
        #expect(book.entry("network_projects_success_pct", fiscalYear: 2569)?.value == 72.5)
        #expect(try TargetBook(json: book.json(), catalog: c) == book)
        #expect(book.json().hasPrefix("{\"targets\":{\"network_projects_success_pct\":{\"2569\":{\"value\":72.5}}"))
    }

    @Test func badTargetsAreRefusedWithTheirPlace() throws {
        let c = try MetricCatalog.load()
        func bad(_ yaml: String) -> String { error { _ = try TargetBook(yaml: yaml, catalog: c) } }
        #expect(bad("targets: {happiness_pct: {2569: {target: 80}}}").contains("targets.happiness_pct: unknown metric id"))
        #expect(bad("targets: {trust_pct: {2026: {target: 80}}}").contains("did you mean 2569"))
        #expect(bad("targets: {trust_pct: {FY69: {target: 80}}}").contains("not a fiscal year"))
        #expect(bad("targets: {trust_pct: {2569: {target: eighty}}}").contains("targets.trust_pct.2569.target must be a number"))
        #expect(bad("targets: {trust_pct: {2569: {comparators: [{value: 88}]}}}").contains("comparators[0] has no name"))
        #expect(bad("targets: {trust_pct: {2569: {comparators: [{name: ก}]}}}").contains("comparators[0] has no value"))
        #expect(bad("targets: {trust_pct: {2569: {goal: 80}}}").contains("goal is not a known key"))
        #expect(bad("targets: {trust_pct: {2569: {value: 80}}}").contains("enter a baseline"))
        #expect(bad("targets: {trust_pct: {2569: {target: 0}}}").contains("zero target"))
        #expect(bad("satisfaction_pct: {2569: {target: 80}}").contains("top-level targets"))
        #expect(bad("").contains("empty"))
    }
}
