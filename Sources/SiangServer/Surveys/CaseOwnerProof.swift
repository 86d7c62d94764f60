import Crypto
import Foundation
import Hummingbird
import SiangCore

/// Who may follow a tracking page's survey link. The link answers someone's survey, and a tracking
/// ID is not a secret (it is read out on the phone, printed, guessed), so a stranger who has one must
/// not get the link. Two proofs count: the cookie set on the browser that filed the case (on the 303
/// after the form post; bound to the case, signed with the server secret, HttpOnly, SameSite=Lax), or
/// the last four digits of the phone given with the case (compared in constant time, each try counted
/// against the lookup limits). Without one the page says the link was sent through the case's channel.
struct CaseOwnerProof {
    static let cookieName = "siang_case"
    /// Long enough to come back for the survey after a slow case (30 business days and 30 days to answer).
    static let cookieMaxAge = 180 * 86_400
    let key: SymmetricKey

    /// The cookie value that proves the browser filed case `id`.
    func value(for id: TrackingID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("case-owner|\(id)".utf8), using: key)
        return Data(mac).prefix(18).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// Sent only to the case's own pages (`/track/{id}` and below).
    func cookie(for id: TrackingID, secure: Bool) -> Cookie {
        Cookie(name: Self.cookieName, value: value(for: id), maxAge: Self.cookieMaxAge, path: "/track/\(id)",
               secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// Whether the request carries the cookie of case `id`.
    func holds(_ request: Request, for id: TrackingID) -> Bool {
        guard let given = request.cookies[Self.cookieName]?.value else { return false }
        return StaffSessions.constantTimeEqual(given, value(for: id))
    }

    /// Whether `answer` is the last four digits of `phone` (spaces and dashes ignored either side).
    /// Every answer takes the same steps, right or wrong.
    static func lastFourDigitsMatch(phone: String?, answer: String) -> Bool {
        let digits = Array((phone ?? "").unicodeScalars.filter { ("0"..."9").contains($0) }.map(UInt8.init(ascii:)).suffix(4))
        let given = Array(answer.unicodeScalars.filter { ("0"..."9").contains($0) }.map(UInt8.init(ascii:)).prefix(5))
        var diff = UInt8(given.count == 4 && digits.count == 4 ? 0 : 1)
        for i in 0..<4 { diff |= (i < digits.count ? digits[i] : 0) ^ (i < given.count ? given[i] : 0xFF) }
        return diff == 0
    }
}
