import Email
import Foundation

/// libFuzzer entry: the bytes as a raw email from the mailbox. Parsing never fails; what it gives
/// keeps its documented shape: LF line ends in the text, ids without angle brackets, a 64-digit hash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMIME(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let raw = Array(UnsafeBufferPointer(start: data, count: size))
    let email = MIMEParser.parse(raw)
    precondition(!email.text.contains("\r"), "the readable body has LF line ends")
    precondition(email.contentHash.utf8.count == 64 && email.contentHash.allSatisfy(\.isHexDigit), "the hash is SHA-256 hex")
    for id in [email.messageID, email.inReplyTo].compactMap({ $0 }) + email.references {
        precondition(!id.hasPrefix("<") && !id.hasSuffix(">"), "message ids come without angle brackets")
    }
    let again = MIMEParser.parse(raw)
    precondition(again.text == email.text && again.headers == email.headers && again.attachments.count == email.attachments.count,
                 "parsing is deterministic")
    return 0
}
