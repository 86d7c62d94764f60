import Foundation
import HTTPTypes
import HummingbirdTesting
import SiangCore
import SiangPipeline
import SiangStore
import Testing
@testable import SiangServer

/// `GET /open311/v2/requests.{json,xml}` and `requests/{id}`: every filter, the 90-day and 1,000-request
/// defaults, the fields of a request worked out by hand from a small fixture, and no personal data.
@Suite struct Open311RequestsTests {
    /// 2026-11-20T10:00:00+07:00.
    static let now = Date(timeIntervalSince1970: 1_795_143_600)
    static let day: TimeInterval = 86_400

    /// The fixture: `road` open (yesterday, with a map point), `waste` resolved with a public note
    /// (10 days ago), an old `road` case (100 days ago: outside the default 90 days) and a
    /// `corruption` case (2 days ago: restricted, never listed).
    struct Fixture {
        let server: TestServer
        let road: TrackingID
        let waste: TrackingID
        let oldRoad: TrackingID
        let corruption: TrackingID
    }

    static func fixture() async throws -> Fixture {
        let server = try await TestServer(clock: PinnedClock(instant: now))
        func submit(_ category: String, daysAgo: Double, location: Location? = nil, contact: Contact? = nil) async throws -> TrackingID {
            let intake = Intake(kind: .complaint, text: "ข้อความของผู้ร้อง \(category)", channel: .open311, receivedAt: now - daysAgo * day,
                                contact: contact, consent: contact != nil, location: location, category: category)
            guard case .created(let receipt) = try await server.services.pipeline.submit(intake) else { throw StoreError.notFound }
            return receipt.trackingId
        }
        let road = try await submit("road", daysAgo: 1, location: Location(lat: 13.7563, lon: 100.5018, address: "ซอยสุขุมวิท 5 <หน้าร้าน \"A&B\">"),
                                    contact: Contact(name: "สมชาย ใจดี", phone: "0812345678", email: "somchai@example.com"))
        let waste = try await submit("waste", daysAgo: 10)
        let oldRoad = try await submit("road", daysAgo: 100)
        let corruption = try await submit("corruption", daysAgo: 2)
        try await server.store.append([
            CaseEvent(at: now - 9 * day, actor: "staff:somsri", change: .statusChanged(StatusChange(from: .received, to: .inProgress, publicNote: "รับเรื่องแล้ว"))),
            CaseEvent(at: now - 8 * day, actor: "staff:somsri", change: .internalNote("ผู้ร้องโทรมาตามเรื่อง")),
            CaseEvent(at: now - 7 * day, actor: "staff:somsri",
                      change: .statusChanged(StatusChange(from: .inProgress, to: .resolved, publicNote: "เก็บขยะเรียบร้อยแล้ว"))),
        ], to: waste, expectedEventCount: nil, outbox: [])
        return Fixture(server: server, road: road, waste: waste, oldRoad: oldRoad, corruption: corruption)
    }

    func ids(_ response: TestResponse) throws -> [String] {
        if response.headers[.contentType]?.hasPrefix("text/xml") == true {
            let root = try response.xml
            #expect(root.name == "service_requests")
            return root.all("request").compactMap { $0.value("service_request_id") }
        }
        return try response.jsonList().compactMap { $0["service_request_id"] as? String }
    }

    @Test func aRequestShowsItsStatusNotesQueueAndTimesButNoPersonalData() async throws {
        let f = try await Self.fixture()
        try await f.server.test { client in
            let r = try await client.execute(uri: "/open311/v2/requests.json", method: .get)
            #expect(r.status == .ok)
            let list = try r.jsonList()
            let road = try #require(list.first { $0["service_request_id"] as? String == f.road.description })
            #expect(road["status"] as? String == "open")
            #expect(road["service_code"] as? String == "road")
            #expect(road["service_name"] as? String == f.server.services.configuration.taxonomy.category("road")?.th)
            #expect(road["agency_responsible"] as? String == "กองช่าง")
            #expect(road["requested_datetime"] as? String == "2026-11-19T10:00:00+07:00")
            #expect(road["updated_datetime"] as? String == "2026-11-19T10:00:00+07:00")
            #expect((road["expected_datetime"] as? String)?.hasSuffix("+07:00") == true)
            #expect(road["lat"] as? Double == 13.7563 && road["long"] as? Double == 100.5018)
            #expect(road["address"] as? String == "ซอยสุขุมวิท 5 <หน้าร้าน \"A&B\">")
            #expect(road["status_notes"] == nil, "no public note yet")
            for hidden in ["description", "media_url", "email", "phone", "first_name", "last_name"] { #expect(road[hidden] == nil, "\(hidden)") }

            let waste = try #require(list.first { $0["service_request_id"] as? String == f.waste.description })
            #expect(waste["status"] as? String == "closed")
            #expect(waste["status_notes"] as? String == "เก็บขยะเรียบร้อยแล้ว", "the latest public note, never the internal one")
            #expect(waste["agency_responsible"] as? String == "กองสาธารณสุขและสิ่งแวดล้อม")
            #expect(waste["updated_datetime"] as? String == "2026-11-13T10:00:00+07:00")

            for text in ["สมชาย", "0812345678", "somchai@example.com", "ข้อความของผู้ร้อง", "ผู้ร้องโทรมาตามเรื่อง"] {
                #expect(!r.text.contains(text), "\(text) leaked")
            }

            let xml = try await client.execute(uri: "/open311/v2/requests.xml", method: .get)
            #expect(xml.headers[.contentType] == "text/xml; charset=utf-8")
            let xmlWaste = try #require(try xml.xml.all("request").first { $0.value("service_request_id") == f.waste.description })
            #expect(xmlWaste.value("status") == "closed" && xmlWaste.value("status_notes") == "เก็บขยะเรียบร้อยแล้ว")
            #expect(xmlWaste.first("media_url") == nil && xmlWaste.first("description") == nil)
            let xmlRoad = try #require(try xml.xml.all("request").first { $0.value("service_request_id") == f.road.description })
            #expect(xmlRoad.value("address") == "ซอยสุขุมวิท 5 <หน้าร้าน \"A&B\">", "markup characters escaped and read back")
            #expect(xmlRoad.value("lat") == "13.7563" && xmlRoad.value("long") == "100.5018")
        }
    }

    @Test func withoutDatesTheLast90DaysAreListedMostRecentFirstAndRestrictedCasesNever() async throws {
        let f = try await Self.fixture()
        try await f.server.test { client in
            for format in ["json", "xml"] {
                let r = try await client.execute(uri: "/open311/v2/requests.\(format)", method: .get)
                #expect(try ids(r) == [f.road.description, f.waste.description], "\(format)")
            }
        }
    }

    @Test func everyFilterNarrowsTheList() async throws {
        let f = try await Self.fixture()
        let expected: [(String, [TrackingID])] = [
            ("service_code=waste", [f.waste]),
            ("service_code=road,waste", [f.road, f.waste]),
            ("status=closed", [f.waste]),
            ("status=open", [f.road]),
            ("status=open,closed", [f.road, f.waste]),
            ("start_date=2026-07-23T00:00:00%2B07:00&end_date=2026-08-20T00:00:00%2B07:00", [f.oldRoad]),
            // From a start alone, 90 days on: 100 days ago up to 10 days ago, just before the waste case.
            ("start_date=2026-08-12T00:00:00Z", [f.oldRoad]),
            // Up to an end alone, 90 days back: the waste case and not the one 100 days old.
            ("end_date=2026-11-15T00:00:00%2B07:00", [f.waste]),
            ("service_code=road&start_date=2026-08-01T00:00:00Z&end_date=2026-10-01T00:00:00Z", [f.oldRoad]),
            ("service_code=corruption", []),
            ("service_request_id=\(f.oldRoad),\(f.corruption)", [f.oldRoad, f.corruption]),
            ("service_request_id=\(f.road)&service_code=waste&status=closed", [f.road]),
            ("jurisdiction_id=city.example&status=open", [f.road]),
        ]
        try await f.server.test { client in
            for (query, wanted) in expected {
                for format in ["json", "xml"] {
                    let r = try await client.execute(uri: "/open311/v2/requests.\(format)?\(query)", method: .get)
                    #expect(r.status == .ok, "\(query)")
                    #expect(try ids(r) == wanted.map(\.description), "\(query) \(format)")
                }
            }
        }
    }

    @Test(arguments: [
        ("start_date=yesterday", "start_date"),
        ("end_date=2026-11-01T00:00:00", "end_date"),
        ("start_date=2026-11-10T00:00:00Z&end_date=2026-11-01T00:00:00Z", "after end_date"),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z", "90 days"),
        ("service_code=potholes", "service_code potholes"),
        ("status=pending", "status"),
        ("status=", "status"),
        ("service_request_id=CMP-69K7MQ2XDJA", "service_request_id"),
        ("service_request_id=hello", "service_request_id"),
    ])
    func aBadFilterIs400InEitherFormat(_ query: String, _ named: String) async throws {
        let server = try await TestServer()
        try await server.test { client in
            for format in ["json", "xml"] {
                let r = try await client.execute(uri: "/open311/v2/requests.\(format)?\(query)", method: .get)
                #expect(r.status == .badRequest, "\(query)")
                let error = try r.open311Error()
                #expect(error.code == 400)
                #expect(error.description.contains(named), "\(error.description)")
            }
        }
    }

    @Test func oneRequestByItsIDAndAnUnknownOneIs404() async throws {
        let f = try await Self.fixture()
        try await f.server.test { client in
            for format in ["json", "xml"] {
                let r = try await client.execute(uri: "/open311/v2/requests/\(f.waste).\(format)", method: .get)
                #expect(r.status == .ok)
                #expect(try ids(r) == [f.waste.description])

                let typed = f.road.description.lowercased().replacingOccurrences(of: "-", with: "")
                #expect(try ids(try await client.execute(uri: "/open311/v2/requests/\(typed).\(format)", method: .get)) == [f.road.description])

                let unknown = try await client.execute(uri: "/open311/v2/requests/\(TrackingID.decoy(prefix: "CMP")).\(format)", method: .get)
                #expect(unknown.status == .notFound)
                #expect(try unknown.open311Error().code == 404)

                let malformed = try await client.execute(uri: "/open311/v2/requests/pothole-1.\(format)", method: .get)
                #expect(malformed.status == .badRequest)
                #expect(try malformed.open311Error().code == 400)
            }
        }
    }

    @Test func atMostAThousandRequestsAreListed() async throws {
        let server = try await TestServer(clock: PinnedClock(instant: Self.now))
        let intakes = (0..<1_001).map { n in
            Intake(kind: .complaint, text: "ไฟถนนดับ จุดที่ \(n)", channel: .open311, receivedAt: Self.now - Double(n) * 60, category: "lighting")
        }
        let outcomes = try await server.services.pipeline.submitMany(intakes)
        let newest = try #require(try outcomes.first?.get())
        try await server.test { client in
            let r = try await client.execute(uri: "/open311/v2/requests.json", method: .get)
            let listed = try ids(r)
            #expect(listed.count == 1_000)
            guard case .created(let receipt) = newest else { Issue.record("not created"); return }
            #expect(listed.first == receipt.trackingId.description, "the most recent first")
        }
    }

    @Test func aKeyOnALookupIsCheckedAndCounted() async throws {
        let f = try await Self.fixture()
        let key = try await f.server.open311Key("dashboard")
        try await f.server.test { client in
            let ok = try await client.execute(uri: "/open311/v2/requests.json?api_key=\(key)", method: .get)
            #expect(ok.status == .ok)
            let refused = try await client.execute(uri: "/open311/v2/requests.xml?api_key=o311_wrong", method: .get)
            #expect(refused.status == .forbidden)
            #expect(try refused.open311Error().code == 403)
        }
        #expect(try await f.server.store.open311Keys().first?.requestCount == 1)
    }
}
