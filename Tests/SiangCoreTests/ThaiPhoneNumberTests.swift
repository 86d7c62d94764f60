import Testing
@testable import SiangCore

/// ``ThaiPhoneNumber`` reads the usual shapes byte by byte and everything else with its general
/// reader; both must give the same answer wherever the fast one answers.
@Suite("Thai phone numbers")
struct ThaiPhoneNumberTests {
    @Test func theWaysPeopleWriteANumberReadAsItsNationalForm() {
        let same = ["0812345678", "081-234-5678", "+66 81 234 5678", "0066 81 234 5678", "(081) 2345678", "66812345678",
                    "  081.234.5678  ", "\t0812345678", "0812345678\u{3000}", "+66812345678", "0066812345678"]
        for text in same { #expect(ThaiPhoneNumber(text)?.national == "0812345678", "\(text)") }
        #expect(ThaiPhoneNumber("02-123-4567")?.national == "021234567", "a Bangkok landline has 9 digits")
        #expect(ThaiPhoneNumber("+66 2 123 4567")?.national == "021234567")
    }

    @Test func whatIsNoThaiNumberReadsAsNone() {
        let none = ["", "   ", "081234567890", "08123", "00812345678", "1812345678", "081+2345678", "++66812345678",
                    "081-234-567a", "๐๘๑๒๓๔๕๖๗๘", "０８１２３４５６７８", "081\r\n2345678", "0066", "66", "+", "-", "()",
                    "0066 0812345678", "66 0812345678", "081 234 5678 ext 2", "081/234/5678", "081_234_5678"]
        for text in none { #expect(ThaiPhoneNumber(text) == nil, "\(text)") }
    }

    @Test func plainASCIIShapesTakeTheFastReader() {
        #expect(ThaiPhoneNumber.readPlainASCII("0812345678".utf8) == .number("0812345678"))
        #expect(ThaiPhoneNumber.readPlainASCII("+66 (81) 234-5678".utf8) == .number("0812345678"))
        #expect(ThaiPhoneNumber.readPlainASCII("081234567890".utf8) == .notANumber)
        #expect(ThaiPhoneNumber.readPlainASCII("\t0812345678".utf8) == .notPlainASCII, "a tab is white space only the general reader trims")
        #expect(ThaiPhoneNumber.readPlainASCII("๐๘๑".utf8) == .notPlainASCII)
    }

    @Test func theFastReaderAgreesWithTheGeneralOneOnHostileInputs() {
        let hostile = ["", " ", "+", "++", "+ +", " +0812345678", "0812345678 +", "0+812345678", "(((0812345678)))",
                       "0-8-1-2-3-4-5-6-7-8", "0.........812345678", String(repeating: "0", count: 1_000),
                       String(repeating: "6", count: 16), String(repeating: "6", count: 17), "66" + String(repeating: "1", count: 14),
                       "0066" + String(repeating: "8", count: 12), "006", "0066", "00660", "006608", "6608", "660812345678",
                       "00661234567890", "0066123456789", "661234567890", "66123456789", "6612345678", "661234567",
                       "0123456789", "012345678", "01234567", "00123456789", "0812345678" + String(repeating: " ", count: 300)]
        for text in hostile { expectAgreement(text) }
    }

    @Test func theFastReaderAgreesWithTheGeneralOneOnManyRandomInputs() {
        // Built from the characters the fast reader takes, with the digits that decide prefixes more
        // likely, so many of them are numbers and many are near misses.
        let pieces: [String] = ["0", "0", "6", "6", "8", "1", "2", "9", " ", "-", ".", "(", ")", "+", "00", "66", "0066", "08"]
        var random = SystemRandomNumberGenerator()
        var numbers = 0
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...16, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if ThaiPhoneNumber(text) != nil { numbers += 1 }
            expectAgreement(text)
        }
        #expect(numbers > 100, "the random inputs include numbers, not only refusals")
    }

    private func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let general = ThaiPhoneNumber.readGeneral(text)
        switch ThaiPhoneNumber.readPlainASCII(text.utf8) {
        case .number(let national): #expect(general == national, "\(text)", sourceLocation: sourceLocation)
        case .notANumber: #expect(general == nil, "\(text)", sourceLocation: sourceLocation)
        case .notPlainASCII: Issue.record("\(text) is plain ASCII", sourceLocation: sourceLocation)
        }
    }
}
