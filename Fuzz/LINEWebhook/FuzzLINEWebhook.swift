import Foundation
import LINE

/// libFuzzer entry: the bytes as a LINE webhook body (after the signature check, which an attacker
/// with the channel secret passes). A body that decodes gives the same events every time, each
/// with a chat to answer in when it has a source.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLINEWebhook(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: data, count: size))
    guard let decoded = try? LINEWebhookBody.decode(body) else { return 0 }
    precondition((try? LINEWebhookBody.decode(body)) == decoded, "decoding is deterministic")
    for event in decoded.events {
        precondition(event.timestamp.timeIntervalSince1970.isFinite, "an event has a finite time")
        if let source = event.source { _ = source.chatID; _ = source.userID }
    }
    return 0
}
