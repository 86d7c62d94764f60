import Foundation
import Testing
@testable import SiangCore

/// Issue 11, finding 2: the mail `Date:` header and HTTP dates without Foundation's DateFormatter
/// (which traps with no descriptors left), and UUIDs that stay random then too.
@Suite struct InternetDateTests {
    @Test func theMailDateIsBangkokTimeInRFC5322Form() {
        // 2026-12-02T10:34:56Z is 17:34:56 in Bangkok, a Wednesday.
        #expect(InternetDate.mail(Date(timeIntervalSince1970: 1_796_207_696)) == "Wed, 02 Dec 2026 17:34:56 +0700")
        // Just before midnight UTC is already the next day in Bangkok (and the next weekday).
        #expect(InternetDate.mail(Date(timeIntervalSince1970: 1_767_225_599)) == "Thu, 01 Jan 2026 06:59:59 +0700")
        #expect(InternetDate.mail(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 07:00:00 +0700")
        #expect(InternetDate.mail(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 07:00:00 +0700")
    }

    @Test func everyWeekdayOfAWeekIsNamed() {
        let thursday = 1_795_651_200.0  // 2026-11-26T00:00:00Z, 07:00 on a Thursday in Bangkok
        let names = (0..<7).map { InternetDate.mail(Date(timeIntervalSince1970: thursday + Double($0) * 86_400)).prefix(3) }
        #expect(names == ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"])
    }

    @Test func anHTTPDateIsReadAndAnythingElseIsNot() {
        #expect(InternetDate.parseHTTP("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(InternetDate.parseHTTP("Wed, 02 Dec 2026 10:34:56 GMT") == Date(timeIntervalSince1970: 1_796_207_696))
        for bad in ["", "120", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                    "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                    "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 08:49:37:00 GMT", "Sun, 06 Nov 99999 08:49:37 GMT"] {
            #expect(InternetDate.parseHTTP(bad) == nil, "\(bad)")
        }
    }

    @Test func aRandomUUIDIsVersionFourAndNeverRepeats() {
        let ids = (0..<1_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
            #expect(text != "00000000-0000-4000-8000-000000000000")
        }
    }
}
