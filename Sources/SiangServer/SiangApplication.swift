import Foundation
import Hummingbird
import HummingbirdCore
import Logging

/// Builds the HTTP application: middleware, then every route through a ``RouteBook`` so the
/// OpenAPI test sees exactly what is served.
public enum SiangApplication {
    public static func router(services: SiangServices) -> (router: Router<SiangRequestContext>, routes: RouteBook) {
        // HEAD is answered like GET on every GET route (headers, no body).
        let router = Router(context: SiangRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SecurityHeadersMiddleware(configuration: services.configuration))
        router.add(middleware: MetricsMiddleware(metrics: services.metrics))
        router.add(middleware: ErrorMiddleware(pages: services.pages))
        var book = RouteBook()
        let api = ComplaintAPI(services: services)
        api.register(on: router, book: &book)
        StaffAPI(services: services).register(on: router, book: &book)
        SLAUnreadableRoute(services: services).register(on: router, book: &book)
        PDPARoute(services: services).register(on: router, book: &book)
        OperationsRoutes(services: services).register(on: router, book: &book)
        LINEWebhookRoute(services: services).register(on: router, book: &book)
        CitizenPages(services: services, api: api).register(on: router, book: &book)
        StaffWorkspace(services: services).register(on: router, book: &book)
        SurveyRoutes(services: services).register(on: router, book: &book)
        ReportsAPI(services: services).register(on: router, book: &book)
        ImprovementsAPI(services: services).register(on: router, book: &book)
        EvidenceAPI(services: services).register(on: router, book: &book)
        Open311Routes(services: services).register(on: router, book: &book)
        // Last, after every route: a middleware added now wraps only the router's not-found answer.
        router.add(middleware: MethodNotAllowedMiddleware(routes: book))
        return (router, book)
    }

    /// Connections past `server.maxConnections` that are still accepted, to be answered 503.
    public static let refusalHeadroom = ConnectionCap.refusalHeadroom

    /// The application with the connection timeouts and cap of `server.*` (ConnectionDeadlines, ConnectionCap).
    public static func make(services: SiangServices, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        let settings = services.configuration.server
        let limits = ConnectionDeadlines.Limits(settings)
        let gauge = ConnectionGauge()
        let metrics = services.metrics
        let cap = settings.maxConnections
        let channel = HTTP1Channel.Configuration(additionalChannelHandlers: [
            ConnectionDeadlines(limits: limits, metrics: metrics),
            ConnectionCap(gauge: gauge, limit: cap, metrics: metrics),
        ])
        return Application(router: router(services: services).router, server: .http1(configuration: channel),
                           configuration: .init(address: .hostname(host, port: port), serverName: "siang",
                                                availableConnectionsDelegate: .maximum(cap + ConnectionCap.refusalHeadroom, logger: logger)),
                           logger: logger)
    }
}
