import Foundation
import Hummingbird
import NIOCore

/// Reading a JSON request body: 415 for any other media type, and for a body that is JSON but not
/// an object, a 400 that says what was sent (an array, a string, a number …), so a caller can see
/// at once what went wrong.
enum JSONBody {
    /// Refuses a body not sent as `application/json` (or a `+json` type) with 415.
    static func requireJSON(_ request: Request, what: String) throws(APIError) {
        let type = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        guard type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) else {
            let sent = type.isEmpty ? "no Content-Type" : "Content-Type \(type.prefix(60))"
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "Send \(what) as application/json; this request has \(sent).",
                           th: "กรุณาส่งข้อมูลในรูปแบบ application/json")
        }
    }

    /// The body as a JSON object, or 400 naming what it is instead.
    static func object(from buffer: ByteBuffer) throws(APIError) -> [String: Any] {
        let data = Data(buffer: buffer)
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw APIError.badRequest(data.isEmpty ? "The body is empty; send a JSON object." : "The body is not valid JSON.",
                                      th: "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง")
        }
        guard let object = value as? [String: Any] else { throw notAnObject(data) }
        return object
    }

    /// 400 for a JSON body that parsed but is not an object, named by its first character.
    static func notAnObject(_ data: Data) -> APIError {
        let (en, th) = kind(of: data)
        return APIError(.badRequest, code: "body_not_object", message: "The body must be a JSON object ({…}); this one is \(en).",
                        th: "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON ({…}) แต่ที่ส่งมาเป็น\(th)")
    }

    static func kind(of data: Data) -> (en: String, th: String) {
        switch data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
        case UInt8(ascii: "["): ("an array", "อาร์เรย์ ([…])")
        case UInt8(ascii: "\""): ("a string", "ข้อความ (string)")
        case UInt8(ascii: "t"), UInt8(ascii: "f"): ("a boolean", "ค่าจริงหรือเท็จ (boolean)")
        case UInt8(ascii: "n"): ("null", "ค่าว่าง (null)")
        default: ("a number", "ตัวเลข (number)")
        }
    }
}
