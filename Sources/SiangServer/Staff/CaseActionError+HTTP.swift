import HTTPTypes
import SiangCore
import SiangPipeline

/// The one mapping of refused staff changes to HTTP, for the pages and the JSON API alike.
extension CaseActionError {
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .invalid, .personalData: .unprocessableContent
        case .transition, .conflict: .conflict
        case .unavailable: .serviceUnavailable
        }
    }

    var apiError: APIError {
        switch self {
        case .notFound:
            return .notFound
        case .forbidden(let th, let en):
            return APIError(.forbidden, code: "forbidden", message: en, th: th)
        case .invalid(let fields):
            return .invalid(fields)
        case .personalData(let fields):
            return APIError(.unprocessableContent, code: "personal_data_in_note",
                            message: "A text to be published contains personal data; check it, or send it again with \"confirmPersonalData\": true.",
                            th: "ข้อความที่จะเผยแพร่มีข้อมูลส่วนบุคคล กรุณาตรวจสอบ หรือยืนยันการเผยแพร่", fields: fields)
        case .transition(let t):
            return APIError(.conflict, code: "invalid_transition", message: "Refused: \(t.description).", th: thai)
        case .conflict:
            return APIError(.conflict, code: "conflict", message: "The case was changed by someone else since you read it; reload it and try again.", th: thai)
        case .unavailable(let why):
            return .unavailable(why)
        }
    }
}
