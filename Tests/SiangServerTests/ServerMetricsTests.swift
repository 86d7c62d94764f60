@testable import SiangServer
import Testing

/// The request metrics, counted through the cache of counters and histograms.
@Suite struct ServerMetricsTests {
    static func exposition(_ metrics: ServerMetrics) -> String { String(decoding: metrics.exposition(), as: UTF8.self) }

    @Test func eachRequestIsCountedOnceUnderItsMethodRouteAndStatus() {
        let metrics = ServerMetrics()
        for _ in 0..<3 { metrics.recordRequest(method: "GET", route: "/api/v1/track/{trackingId}", status: 200, duration: .milliseconds(2)) }
        metrics.recordRequest(method: "GET", route: "/api/v1/track/{trackingId}", status: 404, duration: .milliseconds(30))
        let text = Self.exposition(metrics)
        let ok = text.split(separator: "\n").first { $0.contains("status=\"200\"") && $0.hasPrefix("siang_http_requests_total") }
        #expect(ok?.hasSuffix(" 3") == true, "\(text)")
        let missed = text.split(separator: "\n").first { $0.contains("status=\"404\"") && $0.hasPrefix("siang_http_requests_total") }
        #expect(missed?.hasSuffix(" 1") == true, "\(text)")
        let count = text.split(separator: "\n").first { $0.hasPrefix("siang_http_request_duration_seconds_count") }
        #expect(count?.hasSuffix(" 4") == true, "one histogram for the route, both statuses: \(text)")
    }

    @Test func aMadeUpMethodIsCountedAsOther() {
        let metrics = ServerMetrics()
        metrics.recordRequest(method: "BREW", route: "unmatched", status: 405, duration: .milliseconds(1))
        metrics.recordRequest(method: "X-\(Int.random(in: 0..<1_000_000))", route: "unmatched", status: 405, duration: .milliseconds(1))
        let text = Self.exposition(metrics)
        let counted = text.split(separator: "\n").filter { $0.hasPrefix("siang_http_requests_total") }
        #expect(counted.count == 1 && counted[0].contains("method=\"other\"") && counted[0].hasSuffix(" 2"), "\(text)")
        #expect(!text.contains("BREW"))
    }
}
