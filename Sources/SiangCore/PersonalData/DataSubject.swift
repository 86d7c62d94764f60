import Foundation

/// The person a data-subject request (PDPA access or erasure) is about, told by what the agency
/// holds of them on a case's contact: a phone number (matched in its national form), an email address
/// (matched without regard to case) or a LINE user ID (matched exactly).
public enum DataSubject: Sendable, Equatable {
    case phone(ThaiPhoneNumber)
    case email(String)
    case lineUser(String)

    /// Why a request's identifier was refused, in words for the operator.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidPhone, invalidEmail, invalidLINEUser
        /// None, or more than one, of phone, email and LINE user was given.
        case needsOneIdentifier

        public var description: String {
            switch self {
            case .invalidPhone: "the phone number is not a Thai number (e.g. 081-234-5678 or +66 81 234 5678)"
            case .invalidEmail: "the email address is not valid"
            case .invalidLINEUser: "a LINE user ID is U followed by 32 hexadecimal digits"
            case .needsOneIdentifier: "give exactly one of phone, email or LINE user"
            }
        }

        /// The same in Thai, for the staff page and the API's `messageTh`.
        public var th: String {
            switch self {
            case .invalidPhone: "หมายเลขโทรศัพท์ไม่ถูกต้อง (เช่น 081-234-5678 หรือ +66 81 234 5678)"
            case .invalidEmail: "อีเมลไม่ถูกต้อง"
            case .invalidLINEUser: "LINE user ID ไม่ถูกต้อง (U ตามด้วยเลขฐานสิบหก 32 หลัก)"
            case .needsOneIdentifier: "กรุณาระบุหมายเลขโทรศัพท์ อีเมล หรือ LINE user ID อย่างใดอย่างหนึ่งเท่านั้น"
            }
        }
    }

    /// The subject named by exactly one of the three identifiers.
    public init(phone: String?, email: String?, lineUser: String?) throws(Problem) {
        let given = [phone, email, lineUser].compactMap { $0 }
        guard given.count == 1 else { throw .needsOneIdentifier }
        if let phone {
            guard let number = ThaiPhoneNumber(phone) else { throw .invalidPhone }
            self = .phone(number)
        } else if let email {
            let trimmed = email.trimmingCharacters(in: .whitespaces)
            guard IntakeValidator.isEmail(trimmed) else { throw .invalidEmail }
            self = .email(trimmed.lowercased())
        } else {
            let id = (lineUser ?? "").trimmingCharacters(in: .whitespaces)
            guard id.count == 33, id.hasPrefix("U"), id.dropFirst().allSatisfy(\.isHexDigit) else { throw .invalidLINEUser }
            self = .lineUser(id)
        }
    }
}
