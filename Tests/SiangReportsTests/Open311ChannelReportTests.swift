import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// Cases posted through Open311 (channel `open311`) are a channel of their own in every channel
/// breakdown, named in Thai and English like the others.
@Suite struct Open311ChannelReportTests {
    typealias F = ReportFixture

    @Test func open311CasesAreTheirOwnRowOfTheChannelBreakdown() throws {
        // Three cases in October 2025: two from a civic app through Open311, one from the web form.
        let cases = [
            F.fact(1, channel: .open311, received: F.bkk(2025, 10, 6, 9, 0)),
            F.fact(2, channel: .open311, category: "waste", received: F.bkk(2025, 10, 7, 10, 0)),
            F.fact(3, channel: .web, received: F.bkk(2025, 10, 8, 11, 0)),
        ]
        let october = try F.report(.month, "2025-10", F.inputs(cases: cases))
        #expect(october.value("cases_received") == 3)
        #expect(october.row("cases_received", "channel", "open311")?.value == 2)
        #expect(october.row("cases_received", "channel", "web")?.value == 1)

        let labels = ReportLabels()
        #expect(labels.name("channel", "open311", .th) == "แอปพลิเคชันภายนอก (Open311)")
        #expect(labels.name("channel", "open311", .en) == "Civic apps (Open311)")
    }
}
