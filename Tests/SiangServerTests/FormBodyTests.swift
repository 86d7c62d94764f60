import Foundation
import NIOCore
import Testing
@testable import SiangServer

/// The browser form reader (FormBody): what a stranger's bytes can and cannot do to it.
@Suite struct FormBodyTests {
    static func form(_ text: String, boundary: String = "b") throws -> FormBody {
        try FormBody.multipart(ByteBuffer(bytes: Array(text.utf8)), boundary: boundary)
    }

    /// Found by fuzz-form-body: a byte from 0x80 in a part's header name stopped the server inside
    /// MultipartKit (an index out of its 128-entry table); it is now a 400 before the parser sees it.
    @Test func aNonASCIIByteInAPartHeaderNameIsRefusedNotACrash() throws {
        let hex = "6d756c7469706172742f666f726d2d646174613b20626f756e646172793d2d2d2d2d7369616e6774657374313233340a2d2d2d2d74220d0a0d0ae0b984e0b89fe0b894e0b8b1e0b89a0d0a2d2d2d2d2d2d7369616e6774657374313233340d0a436f6e74656e742d44929ac2dd8c8a936a656374220d0a0d0ae0b984e0b89fe0b894e0b8b1e0b89a0d0a2d2d2d2d2d2d7369616e6774657374313233340d0a436f6e74656e742d446973706f736974696f6e3a20666f726d2d646174613b206e616d653d2276686f746f223b2066696c656e61939ac2e761356a7067220d0a436f6e74656e742d547970653a206170706c69636174696f6e2f6f637465742d73747265616d0d0a0d0ac3bfc398c3bf0d0a2d2d2d2d2d2d7369616e6774657374313233342d2d2d73"
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        // As the fuzz target reads it: the first line is the Content-Type, the rest the body.
        let newline = bytes.firstIndex(of: 0x0A)!
        let boundary = try #require(FormBody.boundary(in: String(decoding: bytes[..<newline], as: UTF8.self)))
        #expect(throws: APIError.self) { try FormBody.multipart(ByteBuffer(bytes: bytes[(newline + 1)...]), boundary: boundary) }

        let small = Array("--b\r\nContent-D".utf8) + [0x92] + Array("isposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--\r\n".utf8)
        let error = try #require(throws: APIError.self) { try FormBody.multipart(ByteBuffer(bytes: small), boundary: "b") }
        #expect(error.status == .badRequest)
    }

    @Test func thaiInAHeaderValueAndInAFieldIsStillRead() throws {
        let form = try Self.form("--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nไฟฟ้าดับ\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"ภาพถ่าย.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nxyz\r\n--b--\r\n")
        #expect(form.fields["text"] == "ไฟฟ้าดับ")
        #expect(form.files.first?.filename == "ภาพถ่าย.jpg")
        #expect(form.files.first?.bytes == Data("xyz".utf8))
    }
}
