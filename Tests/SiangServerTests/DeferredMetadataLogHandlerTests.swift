import Logging
@testable import SiangServer
import Synchronization
import Testing

/// The deferred handler prints the lines `StreamLogHandler` prints, from the same metadata.
@Suite struct DeferredMetadataLogHandlerTests {
    final class Lines: TextOutputStream, @unchecked Sendable {
        let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
    }

    /// A line without its timestamp (the first field), which differs between the two handlers' calls.
    static func withoutTimestamp(_ line: Substring) -> Substring { line.drop { $0 != " " } }

    @Test func printsWhatTheStreamHandlerPrints() {
        let plain = Lines(), deferred = Lines()
        var a = Logger(label: "siang") { StreamLogHandler(label: $0, stream: plain, metadataProvider: nil) }
        var b = Logger(label: "siang") { DeferredMetadataLogHandler(StreamLogHandler(label: $0, stream: deferred, metadataProvider: nil)) }
        a[metadataKey: "hb.request.id"] = "42"
        b[metadataKey: "hb.request.id"] = "42"
        a[metadataKey: "route"] = "/api/v1/track"
        b[metadataKey: "route"] = "/api/v1/track"
        a.logLevel = .info
        b.logLevel = .info
        #expect(b[metadataKey: "hb.request.id"] == "42")
        a.info("lookup answered", metadata: ["status": "200", "route": "override"])
        b.info("lookup answered", metadata: ["status": "200", "route": "override"])
        a.notice("no metadata of its own")
        b.notice("no metadata of its own")
        a.debug("below the level")
        b.debug("below the level")
        let expected = plain.text.withLock { $0 }.split(separator: "\n").map(Self.withoutTimestamp)
        let got = deferred.text.withLock { $0 }.split(separator: "\n").map(Self.withoutTimestamp)
        #expect(expected.count == 2)
        #expect(got == expected)
        #expect(got.first?.contains("hb.request.id=42 route=override status=200") == true, "\(got)")
    }
}
