import Foundation
import Testing
@testable import SiangReports
import SiangCore

/// The staff page shows the printed report's charts: the same SVG, without the printed page around it.
@Suite struct ReportChartsPartTests {
    @Test func theChartsAloneAreThePrintedReportsFigures() throws {
        let F = DrillDownReportTests.self
        let inputs = try F.inputs()
        let document = try ReportEngine.report(try ReportRequest(kind: .fiscalYear, id: "2569"), inputs: inputs, now: F.now)
        let labels = ReportLabels()
        let charts = ReportHTML.charts(document, labels: labels, language: .th)
        let printed = ReportHTML.render(document, labels: labels, language: .th)
        #expect(charts.hasPrefix("<section") && charts.contains("<svg") && charts.contains("<figcaption>"))
        #expect(printed.contains(charts), "the very section of the printed report")
        #expect(!charts.contains("style=") && !charts.contains("<script"), "nothing the staff pages' CSP refuses")
        #expect(!charts.contains("<html"))
    }
}
