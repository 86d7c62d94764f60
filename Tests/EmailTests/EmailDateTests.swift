import Foundation
import Testing
@testable import Email

@Suite("Date header")
struct EmailDateTests {
    private func parse(_ s: String) -> Date? { EmailDate.parse(Array(s.utf8)[...]) }

    @Test(arguments: [
        ("Sat, 21 Nov 2026 09:30:00 +0700", "2026-11-21T02:30:00Z"),
        ("21 Nov 2026 09:30:00 +0700", "2026-11-21T02:30:00Z"),
        ("Sat, 21 Nov 2026 09:30 +0700", "2026-11-21T02:30:00Z"),
        ("Sat,21 Nov 2026 09:30:00 +0700 (ICT)", "2026-11-21T02:30:00Z"),
        ("Sat, 1 Nov 2026 23:59:59 -0500", "2026-11-02T04:59:59Z"),
        ("Sat, 21 Nov 26 09:30:00 +0700", "2026-11-21T02:30:00Z"),
        ("Sat, 21 Nov 99 09:30:00 GMT", "1999-11-21T09:30:00Z"),
        ("21 Nov 2026 09:30:00 EST", "2026-11-21T14:30:00Z"),
        ("21 Nov 2026 09:30:00 ICT", "2026-11-21T02:30:00Z"),
        ("21 Nov 2026 09:30:00", "2026-11-21T09:30:00Z"),
        ("Saturday, November 21, 2026 9:30:00 AM +0700", "2026-11-21T02:30:00Z"),
        ("Sat Nov 21 09:30:00 2026", "2026-11-21T09:30:00Z"),
        ("Nov 21 2026 9:30 PM +07:00", "2026-11-21T14:30:00Z"),
        ("21-Nov-2026 09:30:00 +0700", "2026-11-21T02:30:00Z"),
        ("2026-11-21T09:30:00+07:00", "2026-11-21T02:30:00Z"),
        ("2026-11-21 09:30:00Z", "2026-11-21T09:30:00Z"),
        ("Sat, 21 Nov 2569 09:30:00 +0700", "2026-11-21T02:30:00Z"),
        ("Mon, 29 Feb 2028 00:00:00 +0000", "2028-02-29T00:00:00Z"),
        ("Sat, 21 Nov 2026 09:30:60 +0700", "2026-11-21T02:30:59Z"),
    ])
    func readableDates(header: String, iso: String) {
        #expect(parse(header) == ISO8601DateFormatter().date(from: iso), "\(header)")
    }

    @Test(arguments: [
        "", "yesterday", "Sat, 31 Feb 2026 09:30:00 +0700", "Sat, 21 Foo 2026 09:30:00 +0700",
        "Sat, 21 Nov 2026 25:30:00 +0700", "21 Nov", "Nov 2026", "2026-13-01T00:00:00Z",
    ])
    func unreadableDatesAreNil(header: String) {
        #expect(parse(header) == nil, "\(header)")
    }
}
