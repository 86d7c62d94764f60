import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// Every `/api/v1/staff/…` route, taken from the ``RouteBook`` so a route added later cannot escape,
/// called by each role about a case in their reach, one outside it and a restricted one: no answer
/// may carry anything of a case the caller would get 404 for (issue 11, finding 1).
@Suite struct StaffRouteReachTests {
    /// A case and what would give it away: its ID, its words, its complainant and its survey tokens.
    struct Probe {
        var id: TrackingID
        var markers: [String]
    }

    /// Who may reach what, by the rule of DESIGN.md section 1: own queues for agents and supervisors,
    /// every unrestricted case for admins, restricted cases for the integrity role only, none for analysts.
    static let reach: [String: Set<String>] = [
        "somchai": ["inside"], "nobody": [], "boss": ["inside"], "honest": ["restricted"], "ana": [], "root": ["inside", "elsewhere"],
    ]

    @Test func noStaffRouteAnswersWithACaseOutsideTheCallersReach() async throws {
        let s = try await StaffServer(users: [("somchai", .agent), ("malee", .agent), ("nobody", .agent), ("boss", .supervisor),
                                              ("honest", .integrity), ("ana", .analyst), ("root", .admin)])
        let routes = SiangApplication.router(services: s.services).routes.entries.filter { $0.path.hasPrefix("/api/v1/staff/") }
        let known: Set<String> = ["/api/v1/staff/complaints", "/api/v1/staff/complaints/{trackingId}", "/api/v1/staff/surveys/callbacks",
                                  "/api/v1/staff/tokens/revoke"]
        #expect(known.isSubset(of: Set(routes.map(\.path))), "the walk found \(routes.map(\.path))")

        var probes: [String: Probe] = [:]
        probes["inside"] = try await file(s, "ถนนลาดยางชำรุดเป็นหลุมลึกหน้าวัดโพธิ์ทอง", category: "road", channel: .phone,
                                          contact: Contact(name: "ประสิทธิ์ ทดลองหนึ่ง", phone: "0811110001"), workedBy: "somchai")
        probes["elsewhere"] = try await file(s, "ขยะกองสูงส่งกลิ่นเหม็นข้างตลาดสดเทศบาล", category: "waste", channel: .phone,
                                             contact: Contact(name: "วันดี ทดลองสอง", phone: "0822220002"), workedBy: "malee")
        // The whistleblower's case of the probe: recategorised by the integrity officer but left in the integrity queue.
        probes["restricted"] = try await file(s, "ปลัดเรียกรับเงินใต้โต๊ะแลกใบอนุญาตก่อสร้างอาคาร", category: "corruption", channel: .hotline,
                                              contact: Contact(name: "ผู้แจ้งเบาะแส ปกปิดชื่อ", phone: "0833330003"), workedBy: "honest",
                                              recategorise: "road")
        for (user, reachable) in Self.reach {
            let viewer = try await s.viewer(user)
            for (name, probe) in probes {
                let seen = try await s.store.staffRecord(probe.id, viewer: viewer) != nil
                #expect(seen == reachable.contains(name), "\(user) and \(name): the store's rule and this table disagree")
            }
        }

        try await s.test { [probes] client in
            for (user, reachable) in Self.reach.sorted(by: { $0.key < $1.key }) {
                let hidden = probes.filter { !reachable.contains($0.key) }
                for route in routes {
                    let targets: [String?] = route.path.contains("{trackingId}") ? probes.keys.sorted() : [nil]
                    for target in targets {
                        var path = route.path
                        if let target { path = path.replacingOccurrences(of: "{trackingId}", with: probes[target]!.id.description) }
                        try #require(!path.contains("{"), "the walk does not know how to fill \(route.path); teach it")
                        var before: Int?
                        if let target { before = try await s.store.events(of: probes[target]!.id).count }
                        let token = try await s.token(for: user)
                        let r: TestResponse
                        switch route.method {
                        case "GET":
                            r = try await client.execute(uri: path + "?status=all&queue=all", method: .get, headers: bearer(token))
                        case "PATCH":
                            r = try await client.execute(uri: path, method: .patch, headers: bearer(token, json: true),
                                                         body: ByteBuffer(string: #"{"internalNote":"ตรวจสอบสิทธิ์การเข้าถึง"}"#))
                        default:
                            r = try await client.execute(uri: path, method: .post, headers: bearer(token, json: true), body: nil)
                        }
                        let what = "\(user) \(route.method) \(path) → \(r.status)"
                        for (name, probe) in hidden {
                            for marker in probe.markers {
                                #expect(!r.text.contains(marker), "\(what) gave away \(name): \(marker)")
                            }
                        }
                        #expect(!r.text.contains("\"_0\""), "\(what) answered with synthesised enum coding")
                        if let target, !reachable.contains(target) {
                            #expect([.notFound, .forbidden].contains(r.status), "\(what) for a case out of reach")
                            #expect(try await s.store.events(of: probes[target]!.id).count == before, "\(what) changed a case out of reach")
                        }
                        if let target, reachable.contains(target) {
                            #expect(r.status == .ok, "\(what) for a case in reach")
                        }
                        if route.path == "/api/v1/staff/surveys/summary", !reachable.contains("restricted") {
                            // Aggregates count no restricted case for a role that may not see one.
                            let grouped = try await client.execute(uri: path + "?by=queue", method: .get, headers: bearer(try await s.token(for: user)))
                            #expect(!grouped.text.contains("\"integrity\""), "\(user) counts the integrity queue's answers: \(grouped.text)")
                        }
                        if route.path == "/api/v1/staff/surveys/callbacks", user != "ana" {
                            // What is in reach is listed: the filter is not "nothing for anyone".
                            for name in reachable { #expect(r.text.contains(probes[name]!.id.description), "\(what) lost \(name)") }
                        }
                    }
                }
            }
        }
    }

    /// Files a case on a telephone channel, moves it through the staff API to resolved (which issues a
    /// call-back survey invitation), and returns what would give it away.
    func file(_ s: StaffServer, _ text: String, category: String, channel: SiangCore.Channel, contact: Contact, workedBy user: String,
              recategorise: String? = nil) async throws -> Probe {
        let id = try await s.file(text, category: category, channel: channel, contact: contact, subject: String(text.prefix(20)))
        let token = try await s.token(for: user)
        var steps = [#"{"status":"in_progress"}"#, #"{"status":"resolved","publicNote":"ดำเนินการแก้ไขเรียบร้อยแล้ว"}"#]
        if let recategorise {
            steps.insert(#"{"category":"\#(recategorise)","queue":"\#(s.services.configuration.routing.integrityQueue)"}"#, at: 0)
        }
        try await s.test { [steps] client in
            for step in steps {
                let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                                 body: ByteBuffer(string: step))
                #expect(r.status == .ok, "setting up \(id) with \(step): \(r.text)")
            }
        }
        let tokens = try await s.store.surveyInvitations(of: id).map(\.token)
        #expect(!tokens.isEmpty, "a resolved telephone case gets a call-back invitation")
        return Probe(id: id, markers: [id.description, String(text.suffix(12)), contact.name!, contact.phone!] + tokens)
    }
}
