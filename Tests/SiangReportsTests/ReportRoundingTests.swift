import Testing
@testable import SiangReports

/// DESIGN 5.7: values are computed at full precision and written rounded to 2 decimals, half away from zero.
@Suite struct ReportRoundingTests {
    @Test func halvesRoundAwayFromZero() {
        #expect(ReportRounding.round2(12.345) == 12.35)
        #expect(ReportRounding.round2(-12.345) == -12.35)
        #expect(ReportRounding.round2(0.125) == 0.13)
        #expect(ReportRounding.round2(2.675) == 2.68)  // 2.67499999… as a double; written as a person works it
    }

    @Test func sharesComputedFromCountsRoundAsWorkedByHand() {
        // 1 of 3 = 33.333…; 2 of 3 = 66.666…; 1 of 8 = 12.5 exactly.
        #expect(ReportRounding.round2(100.0 * 1 / 3) == 33.33)
        #expect(ReportRounding.round2(100.0 * 2 / 3) == 66.67)
        #expect(ReportRounding.round2(100.0 * 1 / 8) == 12.5)
        #expect(ReportRounding.round2(Double?.none) == nil)
    }
}
