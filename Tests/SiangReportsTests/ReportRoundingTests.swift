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

/// A rounded share must read back as the decimal a person writes, not one unit off in the last place.
@Suite struct ReportRoundingReadBackTests {
    @Test func roundedSharesAreTheShortestDecimal() {
        // 5 of 7 = 71.428571…, written 71.43 (NSDecimalNumber.doubleValue gave 71.42999999999999).
        #expect(ReportRounding.round2(100.0 * 5 / 7) == 71.43)
        #expect("\(ReportRounding.round2(100.0 * 5 / 7))" == "71.43")
        #expect(ReportRounding.round2(100.0 * 7 / 9) == 77.78)
    }
}
