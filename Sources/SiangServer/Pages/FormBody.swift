import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import MultipartKit

/// A browser form post, read from `multipart/form-data` (with files) or
/// `application/x-www-form-urlencoded`, with limits on the number and size of parts.
struct FormBody {
    struct File {
        var field: String
        var filename: String
        var bytes: Data
    }

    var fields: [String: String] = [:]
    var files: [File] = []

    static let maxParts = 40

    static func read(_ request: Request, limit: Int) async throws -> FormBody {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.tooLarge(limit: limit) }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw APIError.tooLarge(limit: limit) }
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Self.boundary(in: contentType) else { throw APIError.badRequest("The form has no multipart boundary.") }
            return try multipart(buffer, boundary: boundary)
        }
        if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            return urlEncoded(String(buffer: buffer))
        }
        throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "Send the form as multipart/form-data.")
    }

    static func boundary(in contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.lowercased().hasPrefix("boundary=") {
                let value = kv.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    static func multipart(_ buffer: ByteBuffer, boundary: String) throws -> FormBody {
        let malformed = APIError.badRequest("The form data is malformed or cut short.", th: "ข้อมูลแบบฟอร์มไม่สมบูรณ์ กรุณาส่งใหม่อีกครั้ง")
        guard headerNamesAreASCII(Data(buffer: buffer), boundary: boundary) else { throw malformed }
        var form = FormBody()
        var headers: [(String, String)] = []
        var body = Data()
        var parts = 0
        var failure: APIError?
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in body.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            defer { headers = []; body = Data() }
            parts += 1
            guard parts <= maxParts else { failure = APIError.badRequest("The form has too many parts."); return }
            guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1,
                  let name = parameter("name", in: disposition) else { return }
            if let filename = parameter("filename", in: disposition) {
                // An empty file input still sends a part with no name and no bytes.
                if !filename.isEmpty || !body.isEmpty { form.files.append(File(field: name, filename: filename, bytes: body)) }
            } else {
                form.fields[name] = String(decoding: body, as: UTF8.self)
            }
        }
        do { try parser.execute(buffer) } catch { throw malformed }
        // A body cut short parses without error up to where it stops: without the closing
        // boundary it is incomplete, a 400 (not a form that merely lacks its fields).
        // Browsers send no epilogue, so the end of the body is enough to look at.
        let tail = min(buffer.readableBytes, boundary.utf8.count + 4096)
        guard let end = buffer.getString(at: buffer.readerIndex + buffer.readableBytes - tail, length: tail),
              end.contains("--\(boundary)--") else { throw malformed }
        if let failure { throw failure }
        return form
    }

    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let kv = piece.trimmingCharacters(in: .whitespaces)
            guard let eq = kv.firstIndex(of: "="), kv[..<eq].lowercased() == key else { continue }
            return String(kv[kv.index(after: eq)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    static func urlEncoded(_ text: String) -> FormBody {
        var form = FormBody()
        for pair in text.split(separator: "&").prefix(maxParts) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            form.fields[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return form
    }
}
