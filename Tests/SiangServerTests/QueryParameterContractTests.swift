import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangServer

/// Issue 15, the API fuzz test's negative data: a query parameter the document declares as a code, a
/// number or a pattern is taken only in that form; empty is the same as left out, as the document says.
/// Before, `channel=%1E` and `by=%20` lost their one character and listed everything.
@Suite struct QueryParameterContractTests {
    static func status(_ client: any TestClientProtocol, _ uri: String, token: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]).status
    }

    @Test func aCaseListFilterCodeIsReadExactlyAsSent() async throws {
        let server = try await TestServer()
        let admin = try await server.staffToken("root", role: .admin)
        try await server.test { client in
            for taken in ["channel=", "channel=web", "segment=", "sla=", "page=", "page=2", "q=%1Eroad", "q=%20road%20", "category=", "limit=5", "limit=200", "limit="] {
                let answer = try await Self.status(client, "/api/v1/staff/complaints?\(taken)", token: admin)
                #expect(answer == .ok, "\(taken)")
            }
            for refused in ["channel=%1E", "channel=%20", "channel=%20web", "segment=%00", "sla=%09", "page=%20", "page=%202", "page=%2B2", "limit=%2B5", "limit=0", "limit=201", "limit=5.0", "limit=%205"] {
                let answer = try await Self.status(client, "/api/v1/staff/complaints?\(refused)", token: admin)
                #expect(answer == .unprocessableContent, "\(refused)")
            }
        }
    }

    @Test func theSurveySummaryTakesDimensionsAndDaysOnlyInTheirDocumentedForm() async throws {
        let server = try await TestServer()
        let admin = try await server.staffToken("root", role: .admin)
        try await server.test { client in
            for taken in ["by=", "by=month", "by=month,channel", "from=&to=", "from=2026-01-01&to=2026-02-01"] {
                let answer = try await Self.status(client, "/api/v1/staff/surveys/summary?\(taken)", token: admin)
                #expect(answer == .ok, "\(taken)")
            }
            for refused in ["by=%20", "by=month,", "by=,month", "by=%20month", "from=0-0-0", "from=2026-1-01", "to=%2B2026-01-01", "from=2026-01-01%20"] {
                let answer = try await Self.status(client, "/api/v1/staff/surveys/summary?\(refused)", token: admin)
                #expect(answer == .unprocessableContent, "\(refused)")
            }
        }
    }
}
