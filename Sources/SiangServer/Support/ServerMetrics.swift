import Foundation
import Hummingbird
import Prometheus
import Synchronization

/// The Prometheus registry behind `GET /metrics`, owned by the server instance (no global state),
/// and the middleware that counts requests by route and status.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    /// The request counter and duration histogram of each method, route and status, looked up once:
    /// the registry builds label arrays and hashes the metric's name and labels under its lock on
    /// every `make…` call, which cost a tracking lookup 2-3 % (bench/README.md, "Tracking lookups").
    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }
    private let requestMetrics = Mutex<[RequestKey: (counter: Counter, duration: DurationHistogram)]>([:])

    public init() {}

    /// Methods counted under their own name; any other token a client sends is counted as `other`,
    /// so made-up methods cannot grow the registry (or the cache above) without bound.
    static let countedMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let method = Self.countedMethods.contains(method) ? method : "other"
        let key = RequestKey(method: method, route: route, status: status)
        let metrics = requestMetrics.withLock { known in
            if let found = known[key] { return found }
            let made = (
                counter: registry.makeCounter(name: "siang_http_requests_total",
                                              labels: [("method", method), ("route", route), ("status", "\(status)")]),
                duration: registry.makeDurationHistogram(
                    name: "siang_http_request_duration_seconds", labels: [("method", method), ("route", route)],
                    buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                              .milliseconds(100), .milliseconds(250), .milliseconds(1000)]))
            known[key] = made
            return made
        }
        metrics.counter.increment()
        metrics.duration.record(duration)
    }

    func recordIntake(channel: String, outcome: String) {
        registry.makeCounter(name: "siang_intake_total", labels: [("channel", channel), ("outcome", outcome)]).increment()
    }

    /// Cases the SLA ticker set aside because their events cannot be read (`siang_sla_unreadable_cases`).
    func setSLAUnreadable(_ count: Int) {
        registry.makeGauge(name: "siang_sla_unreadable_cases").set(Int64(count))
    }

    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

struct MetricsMiddleware: RouterMiddleware {
    typealias Context = SiangRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        // The matched route pattern, never the concrete path (which may carry a tracking ID).
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}

extension ServerMetrics {
    /// Connections held now (`siang_http_connections`): one more (`delta` 1) or one fewer (-1).
    func recordConnections(_ delta: Double) {
        registry.makeGauge(name: "siang_http_connections").increment(by: delta)
    }

    /// A connection closed because its client was silent or slow; `phase` is `idle`, `header` or `body`.
    func recordConnectionTimeout(phase: String) {
        registry.makeCounter(name: "siang_http_connection_timeouts_total", labels: [("phase", phase)]).increment()
    }

    /// A connection past `server.maxConnections`, answered 503.
    func recordConnectionRefused() {
        registry.makeCounter(name: "siang_http_connections_refused_total").increment()
    }
}
