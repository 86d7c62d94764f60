import Foundation
import HummingbirdTesting
import Logging
import SiangCore
import SiangServer
import SiangStore
import SiangTestSupport
import Testing

/// `siang migrate` seen from the staff's side (issue 14): a store built through the API on SQLite, moved
/// to PostgreSQL, answers every staff read (queues by role, cases with their timelines and contacts, SLA,
/// surveys, reports) with the same JSON, the same tokens still signing in.
@Suite struct MigratedStoreAPITests {
    @Test func theStaffAPIAnswersTheSameAfterTheStoreMovesToPostgreSQL() async throws {
        let s = try await StaffServer()
        let water = try await s.file("น้ำประปาไม่ไหลทั้งซอย ตั้งแต่เมื่อวาน", category: "water",
                                     contact: Contact(name: "สมชาย ใจดี", phone: "0812345678", email: "somchai@example.com"))
        let light = try await s.file("ไฟถนนดับหน้าบ้านเลขที่ 12 ซอยร่วมใจ", category: "lighting", channel: .line)
        let secret = try await s.file("เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ", category: "corruption")
        let (root, somchai, honest, ana) = (try await s.token(for: "root"), try await s.token(for: "somchai"),
                                           try await s.token(for: "honest"), try await s.token(for: "ana"))
        try await s.test { client in
            func patch(_ id: TrackingID, _ token: String, _ body: [String: Any]) async throws {
                let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                                 body: jsonBody(body))
                #expect(r.status == .ok, "\(r.text)")
            }
            try await patch(light, root, ["assignee": "somchai"])
            s.clock.advance(3_600)
            try await patch(light, somchai, ["publicNote": "รับเรื่องแล้ว จะเข้าตรวจสอบพรุ่งนี้", "internalNote": "ประสานการไฟฟ้าแล้ว"])
            s.clock.advance(86_400)
            try await patch(light, somchai, ["status": "in_progress"])
            try await patch(light, somchai, ["status": "resolved", "publicNote": "เปลี่ยนหลอดไฟแล้ว"])
            try await patch(water, root, ["priority": "urgent"])
        }
        s.clock.advance(3_600)

        let reads: [(String, String)] = [
            (root, "/api/v1/staff/complaints"), (somchai, "/api/v1/staff/complaints"), (honest, "/api/v1/staff/complaints"),
            (root, "/api/v1/staff/complaints?status=resolved"), (root, "/api/v1/staff/complaints?q=\("ประปา".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)"),
            (root, "/api/v1/staff/complaints/\(water)"), (root, "/api/v1/staff/complaints/\(light)"), (honest, "/api/v1/staff/complaints/\(secret)"),
            (root, "/api/v1/staff/sla/unreadable"), (root, "/api/v1/staff/surveys/callbacks"), (ana, "/api/v1/staff/surveys/summary"),
            (ana, "/api/v1/reports/fy/2570"), (ana, "/api/v1/reports/quarter/2570-Q1"), (ana, "/api/v1/reports/targets"),
        ]
        let onSQLite = try await Self.answers(to: reads, from: s.services)

        let url = try await MigratedPostgres.freshURL()
        var migration = try StoreMigration(from: "sqlite:\(s.server.dataDirectory)", to: url, cipher: .forTests)
        migration.connectTimeout = TestPostgres.connectTimeout
        let outcome = try await migration.run()
        #expect(outcome.verified)
        let postgres = try await PostgresStore(url: url, cipher: .forTests, maxConnections: 4, connectTimeout: TestPostgres.connectTimeout)
        let services = try await SiangServices(configuration: s.services.configuration, store: postgres, dataDirectory: s.server.dataDirectory,
                                               clock: s.clock, classifier: try TestServer.sharedClassifier(), environment: [:])
        let onPostgreSQL = try await Self.answers(to: reads, from: services)

        for ((_, path), (before, after)) in zip(reads, zip(onSQLite, onPostgreSQL)) {
            #expect(before.status == 200, "\(path) on SQLite: \(before.status)")
            #expect(before == after, "\(path)")
        }
        // The reads saw something: the queue by role and the case's timeline are not empty answers.
        #expect(onSQLite[0].body.contains(water.description) && !onSQLite[0].body.contains(secret.description))
        #expect(onSQLite[2].body.contains(secret.description))
        #expect(onSQLite[6].body.contains("เปลี่ยนหลอดไฟแล้ว"))
        postgres.close()
    }

    /// Each read's status and its body with object keys sorted (a dictionary's order is not part of the
    /// answer).
    static func answers(to reads: [(String, String)], from services: SiangServices) async throws -> [Answer] {
        let app = SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        let collected = Collected()
        try await app.test(.router) { client in
            for (token, path) in reads {
                let r = try await client.execute(uri: path, method: .get, headers: bearer(token))
                let data = Data(buffer: r.body)
                let canonical = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
                    .flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) } ?? data
                await collected.add(Answer(status: Int(r.status.code), body: String(decoding: canonical, as: UTF8.self)))
            }
        }
        return await collected.answers
    }

    struct Answer: Equatable, Sendable {
        let status: Int
        let body: String
    }

    actor Collected {
        var answers: [Answer] = []
        func add(_ a: Answer) { answers.append(a) }
    }
}
