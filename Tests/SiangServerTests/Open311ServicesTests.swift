import Foundation
import HTTPTypes
import HummingbirdTesting
import SiangCore
import Testing
@testable import SiangServer

/// GeoReport v2 discovery, service list and service definitions, in JSON and in XML.
@Suite struct Open311ServicesTests {
    @Test func discoveryNamesTheEndpointAndBothFormats() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let json = try await client.execute(uri: "/open311/v2/discovery.json", method: .get)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            let endpoint = try #require((document["endpoints"] as? [[String: Any]])?.first)
            #expect(endpoint["specification"] as? String == "http://wiki.open311.org/GeoReport_v2")
            #expect((endpoint["url"] as? String)?.hasSuffix("/open311/v2") == true)
            #expect(endpoint["formats"] as? [String] == ["text/xml", "application/json"])

            let xml = try await client.execute(uri: "/open311/v2/discovery.xml", method: .get)
            #expect(xml.headers[.contentType] == "text/xml; charset=utf-8")
            #expect(xml.text.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?>"#))
            let root = try xml.xml
            #expect(root.name == "discovery")
            let formats = try #require(root.first("endpoints")?.first("endpoint")?.first("formats"))
            #expect(formats.all("format").map(\.text) == ["text/xml", "application/json"])
        }
    }

    @Test func everyCategoryIsAServiceInThaiGroupedByItsQueue() async throws {
        let server = try await TestServer()
        let taxonomy = server.services.configuration.taxonomy
        try await server.test { client in
            let json = try await client.execute(uri: "/open311/v2/services.json", method: .get)
            #expect(json.status == .ok)
            let list = try json.jsonList()
            #expect(list.map { $0["service_code"] as? String } == taxonomy.categories.map(\.code))
            let road = try #require(list.first { $0["service_code"] as? String == "road" })
            #expect(road["service_name"] as? String == taxonomy.category("road")?.th)
            #expect(road["group"] as? String == "กองช่าง", "road is routed to the engineering division")
            #expect(road["metadata"] as? Bool == false)
            #expect(road["type"] as? String == "realtime")
            #expect((road["keywords"] as? String)?.isEmpty == false)
            #expect((road["description"] as? String)?.contains("ถนน") == true)
            let corruption = try #require(list.first { $0["service_code"] as? String == "corruption" })
            #expect(corruption["group"] as? String == "ศูนย์ปฏิบัติการต่อต้านการทุจริต", "restricted categories go to the integrity queue")

            let xml = try await client.execute(uri: "/open311/v2/services.xml", method: .get)
            #expect(xml.headers[.contentType] == "text/xml; charset=utf-8")
            let root = try xml.xml
            #expect(root.name == "services")
            let services = root.all("service")
            #expect(services.map { $0.value("service_code") } == taxonomy.categories.map(\.code))
            let xmlRoad = try #require(services.first { $0.value("service_code") == "road" })
            #expect(xmlRoad.value("group") == "กองช่าง" && xmlRoad.value("metadata") == "false" && xmlRoad.value("type") == "realtime")
        }
    }

    @Test func aServiceDefinitionListsTheConsentAttribute() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let json = try await client.execute(uri: "/open311/v2/services/water.json", method: .get)
            #expect(json.status == .ok)
            let definition = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            #expect(definition["service_code"] as? String == "water")
            let attribute = try #require((definition["attributes"] as? [[String: Any]])?.first)
            #expect(attribute["code"] as? String == "consent")
            #expect(attribute["required"] as? Bool == false)
            #expect(attribute["datatype"] as? String == "singlevaluelist")
            #expect((attribute["values"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["true", "false"])

            let xml = try await client.execute(uri: "/open311/v2/services/water.xml", method: .get)
            let root = try xml.xml
            #expect(root.name == "service_definition")
            #expect(root.value("service_code") == "water")
            let xmlAttribute = try #require(root.first("attributes")?.first("attribute"))
            #expect(xmlAttribute.value("code") == "consent" && xmlAttribute.value("variable") == "true")
            #expect(xmlAttribute.first("values")?.all("value").compactMap { $0.value("key") } == ["true", "false"])
        }
    }

    @Test func anUnknownServiceIs404InTheSpecificationsErrorFormat() async throws {
        let server = try await TestServer()
        try await server.test { client in
            for format in ["json", "xml"] {
                let r = try await client.execute(uri: "/open311/v2/services/potholes.\(format)", method: .get)
                #expect(r.status == .notFound)
                let error = try r.open311Error()
                #expect(error.code == 404)
                #expect(error.description.contains("potholes"))
            }
            let xml = try await client.execute(uri: "/open311/v2/services/potholes.xml", method: .get)
            #expect(try xml.xml.name == "errors")
        }
    }
}
