import Foundation
import Testing
@testable import SiangCore

/// Issue 11: the connection timeouts, the cap and the metrics token are configuration, with shipped
/// defaults, file and environment overrides, and a clear error for a value that cannot work.
@Suite struct ServerSettingsTests {
    @Test func shippedDefaultsBoundEveryClient() throws {
        let c = try SiangConfiguration.defaults()
        #expect(c.server.idleTimeoutSeconds == 60)
        #expect(c.server.headerTimeoutSeconds == 10)
        #expect(c.server.bodyTimeoutSeconds == 120)
        #expect(c.server.maxConnections == 4096)
        #expect(c.metrics.token == "")
    }

    @Test func theFileAndTheEnvironmentSetThem() throws {
        let c = try ConfigurationLoader.load(overrideYAML: "server: {idleTimeoutSeconds: 0.5, maxConnections: 20}",
                                             environment: ["SIANG_SERVER_HEADER_TIMEOUT_SECONDS": "2.5", "SIANG_SERVER_MAX_CONNECTIONS": "30",
                                                           "SIANG_METRICS_TOKEN": "scraper"])
        #expect(c.server.idleTimeoutSeconds == 0.5)
        #expect(c.server.headerTimeoutSeconds == 2.5)
        #expect(c.server.bodyTimeoutSeconds == 120)
        #expect(c.server.maxConnections == 30)
        #expect(c.metrics.token == "scraper")
    }

    @Test func aTimeoutOrCapThatCannotWorkStopsTheStartWithItsKeyNamed() {
        let bad: [(String, String)] = [
            ("server: {idleTimeoutSeconds: 0}", "server.idleTimeoutSeconds"),
            ("server: {headerTimeoutSeconds: -1}", "server.headerTimeoutSeconds"),
            ("server: {bodyTimeoutSeconds: .nan}", "server.bodyTimeoutSeconds"),
            ("server: {bodyTimeoutSeconds: 100000}", "server.bodyTimeoutSeconds"),
            ("server: {maxConnections: 0}", "server.maxConnections"),
        ]
        for (yaml, key) in bad {
            #expect(throws: ConfigurationError.self, "\(yaml)") { try ConfigurationLoader.load(overrideYAML: yaml, environment: [:]) }
            do {
                _ = try ConfigurationLoader.load(overrideYAML: yaml, environment: [:])
            } catch {
                #expect(error.description.contains(key), "\(error.description)")
            }
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_SERVER_MAX_CONNECTIONS": "many"])
        }
    }
}
