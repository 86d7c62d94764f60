import Hummingbird

/// Survey pages and API: `GET/POST /survey/{token}`, `POST /api/v1/surveys/{token}`, service points.
struct SurveyRoutes {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {}
}
