import Foundation
import Hummingbird
import Logging

/// Builds the HTTP application: middleware, then every route through a ``RouteBook`` so the
/// OpenAPI test sees exactly what is served.
public enum SiangApplication {
    public static func router(services: SiangServices) -> (router: Router<SiangRequestContext>, routes: RouteBook) {
        let router = Router(context: SiangRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: services.metrics))
        router.add(middleware: ErrorMiddleware(pages: services.pages))
        var book = RouteBook()
        let api = ComplaintAPI(services: services)
        api.register(on: router, book: &book)
        StaffAPI(services: services).register(on: router, book: &book)
        SLAUnreadableRoute(services: services).register(on: router, book: &book)
        OperationsRoutes(services: services).register(on: router, book: &book)
        LINEWebhookRoute(services: services).register(on: router, book: &book)
        CitizenPages(services: services, api: api).register(on: router, book: &book)
        StaffWorkspace(services: services).register(on: router, book: &book)
        SurveyRoutes(services: services).register(on: router, book: &book)
        ReportsAPI(services: services).register(on: router, book: &book)
        return (router, book)
    }

    public static func make(services: SiangServices, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        Application(router: router(services: services).router,
                    configuration: .init(address: .hostname(host, port: port), serverName: "siang"),
                    logger: logger)
    }
}
