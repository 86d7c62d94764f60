import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer

/// Issue 11: nosniff and X-Frame-Options on every answer, HSTS behind an https public address, HEAD
/// answered like GET.
@Suite struct SecurityHeadersTests {
    static let nosniff = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let hsts = HTTPField.Name("Strict-Transport-Security")!

    @Test func everyAnswerForbidsSniffingAndFraming() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let answers = [
                try await client.execute(uri: "/healthz", method: .get),
                try await client.execute(uri: "/openapi.yaml", method: .get),
                try await client.execute(uri: "/assets/siang.css", method: .get),
                try await client.execute(uri: "/api/v1/track/CMP-00000000000", method: .get),
                try await client.execute(uri: "/no/such/page", method: .get),
                try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "{")),
                try await client.execute(uri: "/", method: .get),
            ]
            for answer in answers {
                #expect(answer.headers[Self.nosniff] == "nosniff", "status \(answer.status)")
                #expect(answer.headers[Self.frameOptions] == "DENY", "status \(answer.status)")
                #expect(answer.headers[Self.hsts] == nil, "the shipped public address is http")
            }
        }
    }

    @Test func anHTTPSPublicAddressAddsStrictTransportSecurity() async throws {
        let server = try await TestServer(configYAML: "agency: {publicBaseURL: https://voice.example.go.th}")
        try await server.test { client in
            for uri in ["/healthz", "/", "/no/such/page"] {
                let answer = try await client.execute(uri: uri, method: .get)
                #expect(answer.headers[Self.hsts] == "max-age=31536000")
            }
        }
    }

    @Test func headIsAnsweredLikeGetWithoutABody() async throws {
        let server = try await TestServer()
        try await server.test { client in
            for uri in ["/healthz", "/", "/openapi.yaml", "/assets/siang.css", "/track"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(get.status == .ok, "GET \(uri)")
                #expect(head.status == get.status, "HEAD \(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(uri)")
                #expect(head.body.readableBytes == 0, "HEAD \(uri) has no body")
            }
            let unknown = try await client.execute(uri: "/no/such/page", method: .head)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func aBodyTooLargeIsAnsweredWithConnectionClose() async throws {
        let server = try await TestServer(configYAML: "limits: {maxBodyBytes: 64}")
        try await server.test { client in
            let big = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                               body: jsonBody(["text": String(repeating: "ก", count: 100)]))
            #expect(big.status == .contentTooLarge)
            #expect(big.headers[.connection] == "close")
            let small = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: ByteBuffer(string: "[]"))
            #expect(small.status != .contentTooLarge)
            #expect(small.headers[.connection] == nil)
        }
    }
}
