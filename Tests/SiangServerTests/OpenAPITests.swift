import Foundation
import Testing
import Yams
@testable import SiangServer

@Suite struct OpenAPITests {
    /// Every JSON route the server registers is in openapi.yaml and every documented route exists:
    /// adding a route without documenting it fails here.
    @Test func theDocumentDescribesExactlyTheServedRoutes() async throws {
        let server = try await TestServer()
        let book = SiangApplication.router(services: server.services).routes
        let served = Set(book.entries.filter { !$0.isPage }.map { "\($0.method) \($0.path)" })

        let text = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        let doc = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((doc["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = try #require(doc["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in ((item as? [String: Any]) ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        #expect(!served.isEmpty)
    }

    @Test func theDocumentIsServed() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let r = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(r.status == .ok)
            #expect(r.text.hasPrefix("openapi: 3.1"))
        }
    }
}
