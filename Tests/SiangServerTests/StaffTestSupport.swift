import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
@testable import SiangServer
import SiangCore
import SiangPipeline
import SiangStore
import SiangTestSupport

/// Monday 16 November 2026, 10:00 in Bangkok.
let staffMonday = BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 11, day: 16, hour: 10))!

/// A test server with the staff routing, a movable clock and people with passwords.
struct StaffServer {
    let server: TestServer
    let clock: MovableClock
    var store: SQLiteStore { server.store }
    var services: SiangServices { server.services }
    static let password = "รหัสผ่านทดสอบ-2569"

    /// `trustedProxies`: `server.trustedProxies`, for tests that play a reverse proxy over loopback.
    init(baseURL: String = "http://127.0.0.1:8080", users: [(String, StaffRole)] = [
        ("somchai", .agent), ("malee", .agent), ("boss", .supervisor), ("honest", .integrity), ("ana", .analyst), ("root", .admin),
    ], trustedProxies: [String] = []) async throws {
        clock = MovableClock(staffMonday)
        let proxies = trustedProxies.isEmpty ? "" : "\nserver: {trustedProxies: [\(trustedProxies.map { "\"\($0)\"" }.joined(separator: ", "))]}\n"
        server = try await TestServer(configYAML: staffConfigYAML(baseURL: baseURL) + proxies, clock: clock)
        let hash = await StaffSessions.hash(Self.password, cost: 4)
        for (name, role) in users {
            try await server.store.addUser(NewUser(username: name, passwordHash: hash, role: role, createdAt: staffMonday))
        }
    }

    func test(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await server.test(setup, body)
    }

    /// Files a case through the intake pipeline.
    func file(_ text: String, category: String?, channel: SiangCore.Channel = .web, contact: Contact? = nil, subject: String? = nil,
              at: Date? = nil) async throws -> TrackingID {
        let intake = Intake(kind: .complaint, subject: subject, text: text, channel: channel, receivedAt: at ?? clock.now(),
                            contact: contact, consent: contact != nil, category: category)
        guard case .created(let receipt) = try await services.pipeline.submit(intake, actor: CaseEvent.citizen) else {
            throw CocoaError(.featureUnsupported)
        }
        return receipt.trackingId
    }

    func token(for username: String) async throws -> String {
        let token = StaffTokens.newToken()
        try await store.addToken(hash: StaffTokens.hash(token), for: username, at: clock.now())
        return token
    }

    func viewer(_ username: String) async throws -> StaffViewer {
        StaffViewer(user: try #require(try await store.user(named: username)), configuration: services.configuration)
    }
}

/// A browser on the staff pages: keeps its cookies and reads the CSRF token from the pages it gets.
final class StaffBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var address: String?
    private(set) var lastPage = ""

    init(_ client: any TestClientProtocol, address: String? = nil) {
        self.client = client
        self.address = address
    }

    var headers: HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let address { h[HTTPField.Name("X-Forwarded-For")!] = address }
        return h
    }

    func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if header.contains("Max-Age=0") || pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        if response.headers[.contentType]?.hasPrefix("text/html") == true { lastPage = String(buffer: response.body) }
    }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        let r = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
        remember(r)
        return r
    }

    @discardableResult
    func post(_ uri: String, _ fields: [String: String]) async throws -> TestResponse {
        var h = headers
        h[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let r = try await client.execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
        remember(r)
        return r
    }

    /// Posts a form with the CSRF token of the last page.
    @discardableResult
    func submit(_ uri: String, _ fields: [String: String]) async throws -> TestResponse {
        try await post(uri, fields.merging(["csrf": csrf ?? ""]) { a, _ in a })
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? ""
    }

    /// The CSRF token in the last page's forms.
    var csrf: String? { Self.hidden("csrf", in: lastPage) }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let r = html.range(of: #"name="\#(name)" value="([^"]*)""#, options: .regularExpression) else { return nil }
        let match = String(html[r])
        return match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }

    /// Signs in through the sign-in page; returns the answer to the post.
    @discardableResult
    func signIn(_ username: String, password: String = StaffServer.password) async throws -> TestResponse {
        try await get("/staff/signin")
        return try await post("/staff/signin", ["csrf": Self.hidden("csrf", in: lastPage) ?? "", "username": username, "password": password,
                                                "next": "/staff/queue"])
    }
}

extension TestResponse {
    var location: String? { headers[.location] }
}

func bearer(_ token: String, json: Bool = false) -> HTTPFields {
    var h: HTTPFields = [.authorization: "Bearer \(token)"]
    if json { h[.contentType] = "application/json" }
    return h
}
