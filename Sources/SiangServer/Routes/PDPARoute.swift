import Foundation
import Hummingbird
import SiangCore
import SiangPipeline
import SiangStore

/// `POST /api/v1/staff/pdpa/export` and `/erase`: PDPA data-subject requests for admins (docs/pdpa.md),
/// the same as `siang pdpa export|erase`. The body names the person by exactly one of `phone`, `email`
/// or `lineUser`; each case found is audited (`pdpa.export` / `pdpa.erase`, actor `staff:<admin>`) and
/// the identifier never reaches the log. Every other role gets 403.
struct PDPARoute {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.post("/api/v1/staff/pdpa/export", on: router, use: export)
        book.post("/api/v1/staff/pdpa/erase", on: router, use: erase)
    }

    @Sendable func export(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let (requests, subject, actor) = try await prepare(request)
        var response = JSON.response(try await requests.export(subject, actor: actor))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func erase(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let (requests, subject, actor) = try await prepare(request)
        let erasure = try await requests.erase(subject, actor: actor)
        struct Item: Encodable {
            var trackingId: String, contactErased: Bool, attachmentsErased: Int, messagesErased: Int, surveyAnswersCleared: Int
        }
        struct Body: Encodable { var cases: [Item]; var filesDeleted: Int }
        var response = JSON.response(Body(cases: erasure.cases.map { id, e in
            Item(trackingId: id.description, contactErased: e.contactErased, attachmentsErased: e.attachmentsErased,
                 messagesErased: e.messagesErased, surveyAnswersCleared: e.surveyAnswersCleared)
        }, filesDeleted: erasure.filesDeleted))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The admin behind the token, the person the body names and the requests service; 401, 403 or
    /// 400 otherwise.
    func prepare(_ request: Request) async throws -> (DataSubjectRequests, DataSubject, String) {
        guard let staff = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        guard staff.role == .admin else {
            throw APIError(.forbidden, code: "forbidden", message: "Data-subject requests are for admins.",
                           th: "คำขอของเจ้าของข้อมูลส่วนบุคคลดำเนินการได้โดยผู้ดูแลระบบเท่านั้น")
        }
        guard let store = services.store as? any CaseStore & PersonalDataStore else { throw APIError.unavailable("no personal data store") }
        let subject = try Self.subject(Data(buffer: try await request.body.collect(upTo: 4096)))
        return (DataSubjectRequests(store: store, attachments: services.attachments, clock: services.clock), subject,
                CaseEvent.staff(staff.username))
    }

    static let keys = ["phone", "email", "lineUser"]

    /// Reads `{"phone": …}`, `{"email": …}` or `{"lineUser": …}`: exactly one, a string, valid.
    static func subject(_ body: Data) throws -> DataSubject {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw APIError.badRequest("The body must be a JSON object with one of phone, email or lineUser.",
                                      th: "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON ที่ระบุ phone, email หรือ lineUser อย่างใดอย่างหนึ่ง")
        }
        var problems = object.keys.filter { !keys.contains($0) }.sorted().map {
            FieldError($0, .unknown, th: "ไม่รู้จักช่อง \($0)", en: "Unknown field \"\($0)\"; use one of phone, email or lineUser.")
        }
        for key in keys where object[key] != nil && !(object[key] is String) {
            problems.append(FieldError(key, .invalid, th: "ช่อง \(key) ต้องเป็นข้อความ", en: "\(key) must be a string."))
        }
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        do {
            return try DataSubject(phone: object["phone"] as? String, email: object["email"] as? String, lineUser: object["lineUser"] as? String)
        } catch {
            let field = switch error {
            case .invalidEmail: "email"
            case .invalidLINEUser: "lineUser"
            case .invalidPhone, .needsOneIdentifier: "phone"
            }
            throw APIError.invalid([FieldError(field, error == .needsOneIdentifier ? .required : .invalid, th: error.th, en: error.description)])
        }
    }
}
