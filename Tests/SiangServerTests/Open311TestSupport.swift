import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SiangCore
import SiangStore
import Testing
@testable import SiangServer
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML answer read with Foundation's `XMLParser`, a real parser: a document that is not
/// well-formed fails the test instead of being read leniently.
struct ParsedXML {
    var name: String
    var text = ""
    var children: [ParsedXML] = []

    func all(_ name: String) -> [ParsedXML] { children.filter { $0.name == name } }
    func first(_ name: String) -> ParsedXML? { children.first { $0.name == name } }
    /// The text of the first child named `name`.
    func value(_ name: String) -> String? { first(name)?.text }

    static func parse(_ buffer: ByteBuffer) throws -> ParsedXML {
        let reader = Reader()
        let parser = XMLParser(data: Data(buffer: buffer))
        parser.delegate = reader
        guard parser.parse(), let root = reader.root else {
            throw XMLFailure(description: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    struct XMLFailure: Error, CustomStringConvertible { var description: String }

    private final class Reader: NSObject, XMLParserDelegate {
        var stack: [ParsedXML] = []
        var root: ParsedXML?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append(ParsedXML(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            let done = stack.removeLast()
            if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
        }
    }
}

extension TestResponse {
    /// A JSON answer that is a list, as every GeoReport v2 list and error is.
    func jsonList() throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]], "not a JSON list: \(text)")
    }

    var xml: ParsedXML { get throws { try ParsedXML.parse(body) } }

    /// The first error of a GeoReport v2 error list, JSON or XML.
    func open311Error() throws -> (code: Int, description: String) {
        if headers[.contentType]?.hasPrefix("text/xml") == true {
            let error = try #require(try xml.first("error"), "no <error> in \(text)")
            return (Int(error.value("code") ?? "") ?? 0, error.value("description") ?? "")
        }
        let first = try #require(try jsonList().first)
        return (first["code"] as? Int ?? 0, first["description"] as? String ?? "")
    }
}

extension TestServer {
    /// An Open311 key issued as `siang open311 key add` issues it.
    func open311Key(_ name: String = "civic-app") async throws -> String {
        let key = Open311Keys.newKey()
        _ = try await store.addOpen311Key(name: name, hash: Open311Keys.hash(key), at: Date())
        return key
    }
}

/// A form body as GeoReport v2 clients post it (`application/x-www-form-urlencoded`).
func open311Form(_ fields: [String: String]) -> ByteBuffer {
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    let pairs = fields.sorted { $0.key < $1.key }.map { key, value in
        "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
    }
    return ByteBuffer(string: pairs.joined(separator: "&"))
}

let open311FormHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
