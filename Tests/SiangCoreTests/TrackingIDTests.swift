import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore

@Suite struct TrackingIDTests {
    @Test func designExampleIsValid() throws {
        let id = try TrackingID.parse("CMP-69K7MQ2XDJN", expectedPrefix: "CMP")
        #expect(id.description == "CMP-69K7MQ2XDJN")
        #expect(CrockfordBase32.luhnCheckValue("69K7MQ2XDJ".map { CrockfordBase32.value(of: $0)! }) == CrockfordBase32.value(of: "N"))
    }

    @Test func generatedIDsHaveTheContractFormat() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let id = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
            let text = id.description
            #expect(text.count == 15)
            #expect(text.hasPrefix("CMP-69"))
            #expect(text.dropFirst(4).allSatisfy { CrockfordBase32.alphabet.contains($0) })
            #expect(try TrackingID.parse(text, expectedPrefix: "CMP") == id)
        }
    }

    @Test func yearDigitsFollowTheBuddhistEraYear() throws {
        var g = SystemRandomNumberGenerator()
        #expect(try TrackingID.generate(prefix: "CMP", beYear: 2570, using: &g).body.hasPrefix("70"))
        #expect(try TrackingID.generate(prefix: "CMP", beYear: 2601, using: &g).body.hasPrefix("01"))
    }

    /// The eight random symbols use the 32-symbol alphabet evenly (chi-square over 160,000 symbols,
    /// 31 degrees of freedom; the bound has a false-alarm chance below one in ten million).
    @Test func randomSymbolsUseTheAlphabetEvenly() throws {
        var g = SystemRandomNumberGenerator()
        var counts = [Int](repeating: 0, count: 32)
        let n = 20_000
        for _ in 0..<n {
            let id = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
            for c in id.body.dropFirst(2).prefix(8) { counts[CrockfordBase32.value(of: c)!] += 1 }
        }
        let expected = Double(n * 8) / 32
        let chiSquare = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chiSquare < 90, "chi-square \(chiSquare) says the symbols are not evenly used: \(counts)")
        #expect(counts.allSatisfy { $0 > 0 })
    }

    @Test func parsingToleratesHowPeopleTypeIDs() throws {
        let canonical = try TrackingID.parse("CMP-69K7MQ2XDJN", expectedPrefix: "CMP")
        for typed in ["cmp-69k7mq2xdjn", "CMP 69K7 MQ2X DJN", "cmp69k7mq2xdjn", "69K7MQ2XDJN", "  CMP-69K7-MQ2X-DJN  ", "C-M-P-6-9-K-7-M-Q-2-X-D-J-N"] {
            #expect(try TrackingID.parse(typed, expectedPrefix: "CMP") == canonical, "\(typed)")
        }
        // I and L read as 1, O as 0.
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let id = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
            guard id.body.contains("1") || id.body.contains("0") else { continue }
            let confusable = id.body.replacingOccurrences(of: "1", with: "l").replacingOccurrences(of: "0", with: "O")
            #expect(try TrackingID.parse("CMP-" + confusable, expectedPrefix: "CMP") == id)
        }
    }

    /// Every single-symbol substitution anywhere in the 11 symbols is caught by the check symbol.
    @Test func everySingleCharacterTypoIsRejected() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let id = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
            var body = Array(id.body)
            for position in 0..<11 {
                let original = body[position]
                for replacement in CrockfordBase32.alphabet where replacement != original {
                    body[position] = replacement
                    #expect(throws: TrackingIDError.checkFailed) {
                        try TrackingID.parse("CMP-" + String(body), expectedPrefix: "CMP")
                    }
                }
                body[position] = original
            }
        }
    }

    @Test func malformedInputIsNotAnID() {
        for bad in ["", "CMP-", "CMP-69K7MQ2XDJ", "CMP-69K7MQ2XDJNN", "CMP-69K7MQ2XDJU", "XYZ-69K7MQ2XDJN", "CMP-69K7MQ2XDJ!", String(repeating: "9", count: 500), "ถนน-69K7MQ2XDJN"] {
            #expect(throws: TrackingIDError.malformed, "\(bad)") { try TrackingID.parse(bad, expectedPrefix: "CMP") }
        }
    }

    @Test func prefixMustBeTwoToFiveCapitals() throws {
        var g = SystemRandomNumberGenerator()
        for bad in ["C", "ABCDEF", "cmp", "C1P", "ก"] {
            #expect(throws: TrackingIDError.badPrefix(bad)) { try TrackingID.generate(prefix: bad, beYear: 2569, using: &g) }
        }
        let five = try TrackingID.generate(prefix: "BKKMA", beYear: 2569, using: &g)
        #expect(try TrackingID.parse(five.description.lowercased(), expectedPrefix: "BKKMA") == five)
    }

    @Test func encodesAsItsCanonicalText() throws {
        let id = try TrackingID.parse("cmp69k7mq2xdjn", expectedPrefix: "CMP")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["CMP-69K7MQ2XDJN"]"#)
        #expect(try JSONDecoder().decode([TrackingID].self, from: data) == [id])
    }

    /// The byte-wise reading gives what the reading of characters gives, answer or error, for typed
    /// IDs with noise, every ASCII byte, and prefixes right, wrong and invalid.
    @Test func theASCIIReadingAgreesWithTheCharacterReading() throws {
        func outcome(_ body: () throws(TrackingIDError) -> TrackingID?) -> String {
            do { return try body().map { "id \($0)" } ?? "declined" } catch { return "error \(error)" }
        }
        var g = SplitMix64(seed: 16)
        let prefixes = ["CMP", "BKKMA", "AB", "A", "ABCDEF", "cmp", "C1P", ""]
        let ascii = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        var compared = 0, found = 0
        for i in 0..<20_000 {
            let prefix = Bool.random(using: &g) ? "CMP" : prefixes.randomElement(using: &g)!
            let valid = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g).description
            var typed: [Character]
            switch i % 4 {
            case 0: typed = Array(Bool.random(using: &g) ? valid.lowercased() : valid)
            case 1: typed = Array(valid)
                for _ in 0..<Int.random(in: 1...3, using: &g) {
                    typed.insert([" ", "-", "\t", "\r\n", "\u{0B}", "\u{0C}", "\u{1F}", "\u{00}"].randomElement(using: &g)!,
                                 at: Int.random(in: 0...typed.count, using: &g))
                }
            case 2: typed = Array(valid)
                typed[Int.random(in: 4..<typed.count, using: &g)] = ascii.randomElement(using: &g)!
            default: typed = (0..<Int.random(in: 0...20, using: &g)).map { _ in ascii.randomElement(using: &g)! }
            }
            let input = String(typed)
            let bytes = outcome { () throws(TrackingIDError) in try TrackingID.parseASCII(input, expectedPrefix: prefix) }
            let characters = outcome { () throws(TrackingIDError) in try TrackingID.parseCharacters(input, expectedPrefix: prefix) }
            #expect(bytes == characters, "\(input.debugDescription) with prefix \(prefix)")
            compared += 1
            if bytes.hasPrefix("id ") { found += 1 }
        }
        #expect(compared == 20_000)
        #expect(found > 4_000)  // the valid IDs, with and without noise, were read
        // Anything beyond ASCII is left to the reading of characters.
        #expect(outcome { () throws(TrackingIDError) in try TrackingID.parseASCII("CMP-69K7MQ2XDJN\u{A0}", expectedPrefix: "CMP") } == "declined")
        #expect(try TrackingID.parse("CMP-69K7MQ2XDJN\u{A0}", expectedPrefix: "CMP").description == "CMP-69K7MQ2XDJN")
    }
}
