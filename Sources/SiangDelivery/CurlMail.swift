import CCurl
import Foundation

/// IMAP and SMTP through the system libcurl (DESIGN.md 5.5). Like ``CurlHTTPClient``, every
/// transfer runs on its own thread because libcurl's easy interface blocks.
public struct CurlMail: Sendable {
    public struct Account: Sendable {
        /// `imap://host:port/INBOX`, `imaps://…`, `smtp://host:port`, `smtps://…`.
        public var url: String
        public var user: String
        public var password: String
        public init(url: String, user: String, password: String) {
            self.url = url
            self.user = user
            self.password = password
        }
    }

    public var timeoutSeconds = 30

    public init() { CurlGlobal.ensureInitialised() }

    /// Runs an IMAP command on the mailbox of `account.url` and returns the server's untagged
    /// answer text (for `UID SEARCH`, `STATUS`, …).
    public func imapCommand(_ command: String, account: Account) async throws(CurlError) -> String {
        let bytes = try await transfer(account: account, url: account.url) { handle in
            siang_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, command)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The raw bytes of the message with `uid` (never deleted, only read).
    public func imapFetch(uid: Int, account: Account) async throws(CurlError) -> [UInt8] {
        let base = account.url.hasSuffix("/") ? String(account.url.dropLast()) : account.url
        return try await transfer(account: account, url: "\(base)/;UID=\(uid)") { _ in }
    }

    /// Sends `message` (a complete RFC 5322 message) from `from` to `recipients`. Plain `smtp://`
    /// uses STARTTLS when the server offers it; `smtps://` is TLS from the start.
    public func smtpSend(message: [UInt8], from: String, recipients: [String], account: Account) async throws(CurlError) {
        let source = UploadSource(bytes: message)
        var list: UnsafeMutablePointer<curl_slist>?
        for r in recipients { list = curl_slist_append(list, "<\(r)>") }
        let rcpt = UnsafeSendablePointer(list)
        defer { curl_slist_free_all(list) }
        _ = try await transfer(account: account, url: account.url) { handle in
            siang_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
            siang_curl_setopt_pointer(handle, CURLOPT_MAIL_RCPT, rcpt.pointer)
            siang_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
            siang_curl_setopt_long(handle, CURLOPT_INFILESIZE, message.count)
            siang_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue))
            siang_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque())
            let read: curl_read_callback = { buffer, size, count, user in
                let source = Unmanaged<UploadSource>.fromOpaque(user!).takeUnretainedValue()
                let n = min(size * count, source.bytes.count - source.offset)
                guard n > 0, let buffer else { return 0 }
                source.bytes.withUnsafeBytes { raw in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + source.offset, byteCount: n)
                }
                source.offset += n
                return n
            }
            siang_curl_setopt_pointer(handle, CURLOPT_READFUNCTION, unsafeBitCast(read, to: UnsafeMutableRawPointer.self))
        }
        withExtendedLifetime(source) {}
    }

    final class UploadSource: @unchecked Sendable {
        let bytes: [UInt8]
        var offset = 0
        init(bytes: [UInt8]) { self.bytes = bytes }
    }

    struct UnsafeSendablePointer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<curl_slist>?
        init(_ p: UnsafeMutablePointer<curl_slist>?) { pointer = p }
    }

    func transfer(account: Account, url: String, configure: @Sendable @escaping (UnsafeMutableRawPointer) -> Void) async throws(CurlError) -> [UInt8] {
        let timeout = timeoutSeconds
        let result: Swift.Result<[UInt8], CurlError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Self.perform(account: account, url: url, timeout: timeout, configure: configure))
            }
        }
        return try result.get()
    }

    static func perform(account: Account, url: String, timeout: Int, configure: (UnsafeMutableRawPointer) -> Void) -> Swift.Result<[UInt8], CurlError> {
        guard let handle = curl_easy_init() else { return .failure(.setup("curl_easy_init failed")) }
        defer { curl_easy_cleanup(handle) }
        let sink = CurlHTTPClient.Sink()
        siang_curl_setopt_string(handle, CURLOPT_URL, url)
        siang_curl_setopt_string(handle, CURLOPT_USERNAME, account.user)
        siang_curl_setopt_string(handle, CURLOPT_PASSWORD, account.password)
        siang_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeout)
        siang_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        siang_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
        let write: curl_write_callback = { data, size, count, user in
            let sink = Unmanaged<CurlHTTPClient.Sink>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            guard sink.body.count + n <= sink.limit else { return 0 }
            if let data { sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: n) }
            return n
        }
        siang_curl_setopt_pointer(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(write, to: UnsafeMutableRawPointer.self))
        configure(handle)
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else { return .failure(.transfer(String(cString: curl_easy_strerror(code)))) }
        return .success([UInt8](sink.body))
    }
}
