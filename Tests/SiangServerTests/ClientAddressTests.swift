import Testing
@testable import SiangCore
@testable import SiangServer

@Suite struct ClientAddressTests {
    func resolver(_ proxies: [String]) -> ClientAddress {
        ClientAddress(trustedProxies: proxies.compactMap(IPNetwork.init))
    }

    @Test func withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        let none = resolver([])
        #expect(none.resolve(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"]) == "127.0.0.1")
        #expect(none.resolve(peer: "10.1.2.3", forwardedFor: ["198.51.100.7"]) == "10.1.2.3")
        #expect(none.resolve(peer: "192.168.1.5", forwardedFor: []) == "192.168.1.5")
    }

    @Test func theRightMostAddressNoTrustedProxyVouchesForIsTheClient() {
        let proxies = resolver(["127.0.0.1", "10.0.0.0/8"])
        // The client wrote the first two; our proxies added the rest.
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["192.0.2.10, 198.51.100.7", "10.0.0.5"]) == "198.51.100.7")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        // An untrusted peer's header is not read at all.
        #expect(proxies.resolve(peer: "198.51.100.7", forwardedFor: ["10.0.0.1"]) == "198.51.100.7")
        // A proxy that names no one is the client itself; garbage to the left of the last trusted hop stops the walk.
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["not-an-address, 10.0.0.9"]) == "10.0.0.9")
        // Every hop trusted: the left-most one.
        #expect(proxies.resolve(peer: "127.0.0.1", forwardedFor: ["10.0.0.2, 10.0.0.3"]) == "10.0.0.2")
        #expect(proxies.resolve(peer: nil, forwardedFor: ["203.0.113.9"]) == "unknown")
    }

    @Test func addressesAreComparedAsBytesNotText() {
        let proxies = resolver(["127.0.0.1", "fd00::/8"])
        #expect(proxies.resolve(peer: "::ffff:127.0.0.1", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        #expect(proxies.resolve(peer: "fd12::1", forwardedFor: ["2001:db8:0:0:0:0:0:1"]) == "2001:db8::1")
        #expect(IPNetwork.parse("127.000.0.1") == nil, "only the dotted-quad form is an address")
        #expect(IPNetwork.parse("1.2.3") == nil)
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("10.0.0.0/x") == nil)
        #expect(IPNetwork("::/0")?.contains(IPNetwork.parse("2001:db8::1")!) == true)
        #expect(IPNetwork("172.16.0.0/12")?.contains(IPNetwork.parse("172.31.255.1")!) == true)
        #expect(IPNetwork("172.16.0.0/12")?.contains(IPNetwork.parse("172.32.0.1")!) == false)
    }

    @Test func anIPv6ClientIsCountedByItsSlash64() {
        #expect(ClientAddress.limitKey("2001:db8:1:2:aaaa::1") == ClientAddress.limitKey("2001:db8:1:2:bbbb::9"))
        #expect(ClientAddress.limitKey("2001:db8:1:3::1") != ClientAddress.limitKey("2001:db8:1:2::1"))
        #expect(ClientAddress.limitKey("198.51.100.7") == "198.51.100.7")
    }

    @Test func aTrustedProxyListWithSomethingElseStopsTheStart() throws {
        #expect(throws: ConfigurationError.invalid(key: "server.trustedProxies",
                                                   reason: "\"proxy.example\" is not an IP address or a CIDR range such as 10.0.0.0/8")) {
            try ConfigurationLoader.load(overrideYAML: "server: {trustedProxies: [127.0.0.1, proxy.example]}", environment: [:])
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(overrideYAML: "surveys: {anonymous: {maxPerAddressPerHour: 1, maxPerAddressPerDay: 2, trustForwardedFor: true}}",
                                         environment: [:])
        }
        #expect(throws: ConfigurationError.invalid(key: "limits.lookupsPerMinute", reason: "must be a whole number, at least 1")) {
            try ConfigurationLoader.load(overrideYAML: "limits: {lookupsPerMinute: 0}", environment: [:])
        }
        let config = try ConfigurationLoader.load(overrideYAML: "server: {trustedProxies: [127.0.0.1, \"fd00::/8\"]}", environment: [:])
        #expect(config.server.trustedProxyNetworks.count == 2)
    }
}
