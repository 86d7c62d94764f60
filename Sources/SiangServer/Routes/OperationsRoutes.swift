import Foundation
import Hummingbird

/// Health, metrics and the API description: what operators and other systems poll.
struct OperationsRoutes {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/healthz", on: router) { _, _ in
            // Cheap on purpose: load balancers ask often, and counting a million cases is a scan.
            // 503 when the store does not answer, so a load balancer takes this server out of rotation.
            do { try await services.store.checkReachable() } catch { throw APIError.unavailable("\(error)") }
            return JSON.response(["status": "ok", "store": StoreMetrics.kind(of: services.store)])
        }
        let metricsAccess = MetricsAccess(settings: services.configuration.metrics)
        book.get("/metrics", on: router) { request, context in
            guard metricsAccess.allows(request, peer: context.remoteAddress) else { throw APIError.notFound }
            // Read at each scrape from the store, so the figure survives restarts and every process agrees.
            services.metrics.setSLAUnreadable(try await services.store.slaSetAsideCount())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: services.metrics.exposition() + StoreMetrics.exposition(of: services.store))))
        }
        book.get("/openapi.yaml", on: router) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        book.get("/assets/siang.css", page: true, on: router) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: StaticAssets.css)))
        }
    }
}

/// The OpenAPI document shipped with the server.
public enum OpenAPIDocument {
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) else { return [] }
        return [UInt8](data)
    }()
}

enum StaticAssets {
    static let css: [UInt8] = {
        guard let dir = Bundle.module.url(forResource: "Public", withExtension: nil),
              let data = try? Data(contentsOf: dir.appendingPathComponent("siang.css")) else { return [] }
        return [UInt8](data)
    }()
}
