import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SiangCore
import Testing
@testable import SiangServer

/// Issue 15: a path the server has, asked with a method it does not have, is 405 with an `Allow`
/// header naming the methods it has; every route, taken from the ``RouteBook`` so one added later is
/// covered too. An unknown path, and a handler's own 404, stay 404.
@Suite struct MethodNotAllowedTests {
    /// Every registered path with its parameters filled, and the methods registered on it.
    static func registeredPaths(_ server: TestServer) -> [(uri: String, methods: Set<String>)] {
        var methods: [String: Set<String>] = [:]
        for entry in SiangApplication.router(services: server.services).routes.entries {
            methods[entry.path, default: []].insert(entry.method)
        }
        return methods.sorted { $0.key < $1.key }.map { path, methods in
            // Any segment will do for a parameter or a wildcard: the router matches it, the handler then
            // finds nothing.
            let uri = path.replacingOccurrences(of: #"\{[^}/]*\}|\*\*|\*"#, with: "x", options: .regularExpression)
            return (uri, methods)
        }
    }

    static func allowed(_ response: TestResponse) -> Set<String> {
        Set((response.headers[.allow] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    @Test func everyRegisteredPathAnswersAnotherMethodWith405AndTheMethodsItHas() async throws {
        let server = try await TestServer()
        let paths = Self.registeredPaths(server)
        #expect(paths.count > 40, "the walk found \(paths.count) paths")
        try await server.test { client in
            for (uri, methods) in paths {
                let expected = methods.contains("GET") ? methods.union(["HEAD"]) : methods
                for method in [HTTPRequest.Method.trace, .delete, HTTPRequest.Method("QUERY")!] {
                    let answer = try await client.execute(uri: uri, method: method)
                    #expect(answer.status == .methodNotAllowed, "\(method) \(uri) → \(answer.status)")
                    #expect(Self.allowed(answer) == expected, "\(method) \(uri): Allow \(answer.headers[.allow] ?? "none")")
                }
            }
        }
    }

    @Test func noMethodTheAllowHeaderNamesIsAnswered405() async throws {
        let server = try await TestServer()
        try await server.test { client in
            for (uri, _) in Self.registeredPaths(server) {
                let refusal = try await client.execute(uri: uri, method: .trace)
                for method in Self.allowed(refusal) {
                    let answer = try await client.execute(uri: uri, method: HTTPRequest.Method(method)!)
                    #expect(answer.status != .methodNotAllowed, "\(method) \(uri) is in Allow but was refused")
                }
            }
        }
    }

    @Test func theAPIAnswersInItsJSONErrorFormat() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let put = try await client.execute(uri: "/api/v1/complaints", method: .put, headers: jsonHeaders, body: ByteBuffer(string: "{}"))
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "POST")
            #expect(put.headers[.contentType]?.hasPrefix("application/json") == true)
            let error = try #require(try put.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "method_not_allowed")
            #expect(error["message"] as? String == "This address takes POST only.")

            let patchable = try await client.execute(uri: "/api/v1/staff/complaints/CMP-00000000000", method: .delete)
            #expect(patchable.status == .methodNotAllowed)
            #expect(patchable.headers[.allow] == "GET, HEAD, PATCH")
        }
    }

    @Test func aPageAnswersWithAnErrorPageInThaiOrEnglish() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let thai = try await client.execute(uri: "/staff/queue", method: .put)
            #expect(thai.status == .methodNotAllowed)
            #expect(thai.headers[.allow] == "GET, HEAD")
            #expect(thai.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(thai.text.contains("ที่อยู่นี้รับคำขอแบบ GET, HEAD เท่านั้น"))

            let english = try await client.execute(uri: "/staff/queue?lang=en", method: .put)
            #expect(english.status == .methodNotAllowed)
            #expect(english.text.contains("This address takes GET, HEAD only."))
        }
    }

    @Test func anUnknownPathAndAHandlersOwnNotFoundStay404() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let unknown = try await client.execute(uri: "/api/v1/no-such-thing", method: .delete)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.allow] == nil)
            // Deeper than any route under a known prefix.
            let deeper = try await client.execute(uri: "/api/v1/track/CMP-00000000000/more", method: .trace)
            #expect(deeper.status == .notFound)

            let unknownID = try TrackingID(prefix: "CMP", body: TrackingID.sampleBody(424_242))
            let untracked = try await client.execute(uri: "/api/v1/track/\(unknownID)", method: .get)
            #expect(untracked.status == .notFound)
            #expect(untracked.headers[.allow] == nil)

            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok)
        }
    }
}
