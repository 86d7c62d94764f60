import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer

@Suite struct CitizenPageTests {
    /// The form's nonce and the cookie it is bound to, as a browser would get them.
    func openForm(_ client: any TestClientProtocol) async throws -> (nonce: String, cookie: String) {
        let page = try await client.execute(uri: "/", method: .get)
        #expect(page.status == .ok)
        let setCookie = try #require(page.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
        let cookie = String(setCookie.split(separator: ";")[0])
        let html = page.text
        let range = try #require(html.range(of: #"name="nonce" value="([^"]+)""#, options: .regularExpression))
        let nonce = String(html[range]).replacingOccurrences(of: #"name="nonce" value=""#, with: "").dropLast()
        return (String(nonce), cookie)
    }

    func multipart(_ fields: [(String, String)], files: [(String, String, Data)] = []) -> (HTTPFields, ByteBuffer) {
        let boundary = "----siangtest\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for (name, filename, bytes) in files {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(bytes)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ([.contentType: "multipart/form-data; boundary=\(boundary)"], ByteBuffer(bytes: body))
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 73, 72, 68, 82])

    @Test func theThaiFormIsAccessibleAndCarriesANonce() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let page = try await client.execute(uri: "/", method: .get)
            let html = page.text
            #expect(html.contains(#"<html lang="th">"#))
            #expect(html.contains("ส่งเรื่อง") && html.contains("ไม่แน่ใจ ให้เจ้าหน้าที่พิจารณา"))
            #expect(html.contains("พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล"))
            for id in ["subject", "text", "category", "segment", "address", "lat", "lon", "name", "phone", "email", "attachments"] {
                #expect(html.contains(#"<label for="\#(id)">"#), "no label for \(id)")
            }
            let english = try await client.execute(uri: "/?lang=en", method: .get)
            #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains("Send"))
        }
    }

    @Test func submittingTheFormFilesOneCaseEvenWhenSentTwice() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let (nonce, cookie) = try await openForm(client)
            let (headers, body) = multipart([
                ("nonce", nonce), ("kind", "complaint"), ("subject", "ไฟดับ"), ("text", "ไฟส่องสว่างดับทั้งซอยวัดใหม่"),
                ("category", "unsure"), ("segment", "citizen"), ("address", "ซอยวัดใหม่"), ("lat", ""), ("lon", ""),
                ("name", "มานี"), ("phone", "0812345678"), ("email", ""), ("consent", "on"),
            ], files: [("attachments", "photo.png", Self.png), ("attachments", "", Data())])
            var h = headers
            h[.cookie] = cookie
            let first = try await client.execute(uri: "/complaints", method: .post, headers: h, body: body)
            #expect(first.status == .seeOther)
            let location = try #require(first.headers[.location])
            #expect(location.hasPrefix("/track/CMP-") && location.hasSuffix("?created=1"))
            let again = try await client.execute(uri: "/complaints", method: .post, headers: h, body: body)
            #expect(again.headers[.location] == location)

            let trackPage = try await client.execute(uri: location, method: .get)
            #expect(trackPage.status == .ok)
            #expect(trackPage.text.contains(#"<span id="status" class="status status-received">รับเรื่องแล้ว</span>"#))
            #expect(trackPage.text.range(of: #"25[0-9]{2} [0-9]{2}:[0-9]{2} น\."#, options: .regularExpression) != nil, "a BE date")
        }
        #expect(try await server.store.caseCount() == 1)
        let files = try FileManager.default.subpathsOfDirectory(atPath: server.dataDirectory + "/attachments")
        #expect(files.contains { $0.count > 60 }, "the photo is stored content-addressed")
    }

    @Test func aPostFromElsewhereIsRefused() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let (nonce, _) = try await openForm(client)
            let (headers, body) = multipart([("nonce", nonce), ("text", "ปลอมคำขอ")])
            let noCookie = try await client.execute(uri: "/complaints", method: .post, headers: headers, body: body)
            #expect(noCookie.status == .forbidden)
            var other = headers
            other[.cookie] = "siang_form=someone-else"
            #expect(try await client.execute(uri: "/complaints", method: .post, headers: other, body: body).status == .forbidden)
        }
        #expect(try await server.store.caseCount() == 0)
    }

    @Test func formErrorsComeBackWithTheTypedText() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let (nonce, cookie) = try await openForm(client)
            let (headers, body) = multipart([("nonce", nonce), ("text", "ท่อระบายน้ำอุดตัน"), ("name", "ชูใจ"), ("lat", "abc")],
                                            files: [("attachments", "virus.exe", Data("MZ not a photo".utf8))])
            var h = headers
            h[.cookie] = cookie
            let r = try await client.execute(uri: "/complaints", method: .post, headers: h, body: body)
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("ท่อระบายน้ำอุดตัน"))
            #expect(r.text.contains("error-summary"))
            #expect(r.text.contains("กรุณายินยอม"))
            #expect(r.text.contains("virus.exe ไม่ใช่รูปภาพหรือ PDF"))
            #expect(r.text.contains("พิกัดต้องเป็นตัวเลข"))
        }
        #expect(try await server.store.caseCount() == 0)
    }

    @Test func theTrackingLookupAcceptsSloppyIDsAndExplainsMistakes() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(["text": "ถนนทรุด"]))
            let id = try #require(try created.json()["trackingId"] as? String)
            let sloppy = id.lowercased().replacingOccurrences(of: "-", with: " ")
            let lookup = try await client.execute(uri: "/track?id=\(sloppy.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)", method: .get)
            #expect(lookup.status == .seeOther)
            #expect(lookup.headers[.location] == "/track/\(id)")
            var chars = Array(id)
            chars[chars.count - 1] = chars.last == "0" ? "1" : "0"
            let wrong = try await client.execute(uri: "/track/\(String(chars))", method: .get)
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("กรุณาตรวจสอบเลขติดตามเรื่อง"))
        }
    }
}
