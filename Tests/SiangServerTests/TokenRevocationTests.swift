import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// `POST /api/v1/staff/tokens/revoke` takes no body or exactly `{"username": U}` (openapi.yaml);
/// anything else is refused before a token is touched (issue 11, finding 4).
@Suite struct TokenRevocationTests {
    @Test func aMalformedRevocationBodyRevokesNothingAndIsRefused() async throws {
        let s = try await StaffServer()
        let rootToken = try await s.token(for: "root")
        let targetToken = try await s.token(for: "somchai")
        try await s.test { client in
            for body in [#"{"user":"somchai"}"#, #"{"username":null}"#, #"{"username":5}"#, #"{}"#, #"{"username":""}"#,
                         #"{"username":"somchai","all":true}"#] {
                let r = try await client.execute(uri: "/api/v1/staff/tokens/revoke", method: .post, headers: bearer(rootToken, json: true),
                                                 body: ByteBuffer(string: body))
                #expect(r.status == .unprocessableContent, "\(body) answered \(r.status)")
                #expect(r.text.contains("username"), "the answer names the field: \(r.text)")
            }
            let notJSON = try await client.execute(uri: "/api/v1/staff/tokens/revoke", method: .post, headers: bearer(rootToken, json: true),
                                                   body: ByteBuffer(string: "username=somchai"))
            #expect(notJSON.status == .badRequest)
            // Neither the caller's token nor the target's was revoked by any of them.
            for token in [rootToken, targetToken] {
                let list = try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(token))
                #expect(list.status == .ok)
            }
            // The documented body still works.
            let done = try await client.execute(uri: "/api/v1/staff/tokens/revoke", method: .post, headers: bearer(rootToken, json: true),
                                                body: ByteBuffer(string: #"{"username":"somchai"}"#))
            #expect(done.status == .ok)
            #expect(try done.json()["revoked"] as? Int == 1)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(targetToken)).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(rootToken)).status == .ok)
        }
    }
}
