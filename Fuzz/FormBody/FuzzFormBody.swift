import Foundation
import NIOCore
@testable import SiangServer

/// libFuzzer entry: the first line of the bytes is the request's Content-Type, the rest its body, as
/// a browser form post reaches `FormBody`. A form that is read keeps to the part limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormBody(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let newline = bytes.firstIndex(of: 0x0A) ?? size
    let contentType = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = ByteBuffer(bytes: bytes[min(newline + 1, size)...])
    let form: FormBody
    if let boundary = FormBody.boundary(in: contentType) {
        precondition(!boundary.isEmpty && boundary.count <= 200, "a boundary is 1 to 200 characters")
        guard let read = try? FormBody.multipart(body, boundary: boundary) else { return 0 }
        form = read
    } else {
        form = FormBody.urlEncoded(String(buffer: body))
    }
    precondition(form.fields.count + form.files.count <= FormBody.maxParts, "a form has at most maxParts parts")
    return 0
}
