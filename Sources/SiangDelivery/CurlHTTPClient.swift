import CCurl
import Foundation
import Synchronization

/// HTTPS requests through the system libcurl (LINE Messaging API, the PMQA scoring core).
///
/// libcurl's easy interface blocks, so each request runs on its own thread outside Swift's
/// cooperative pool. Handles are kept between requests (``CurlHandles``), and with them their open
/// connections: after a burst the outbox sends thousands of answers to the same API, and a new
/// connection (and TLS handshake) for every message cost more than the message.
public struct CurlHTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: Int
        /// Header names lower-cased.
        public var headers: [String: String]
        public var body: Data
    }

    public var timeoutSeconds: Int
    /// A PEM file of certificate authorities to trust instead of the system's (an agency CA, a test's
    /// self-signed certificate); nil: the system's. Peer and host verification stay on either way.
    public var caFile: String?

    public init(timeoutSeconds: Int = 20, caFile: String? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.caFile = caFile
        CurlGlobal.ensureInitialised()
    }

    public func send(method: String, url: String, headers: [String: String] = [:], body: Data? = nil) async throws(CurlError) -> Response {
        let timeout = timeoutSeconds
        let caFile = caFile
        let result: Result<Response, CurlError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Self.perform(method: method, url: url, headers: headers, body: body, timeout: timeout,
                                                            caFile: caFile))
            }
        }
        return try result.get()
    }

    /// Collects what libcurl hands its callbacks.
    final class Sink {
        var body = Data()
        var headers: [String: String] = [:]
        let limit = 16 << 20
    }

    static func perform(method: String, url: String, headers: [String: String], body: Data?, timeout: Int,
                        caFile: String? = nil) -> Result<Response, CurlError> {
        guard let handle = CurlHandles.shared.take() else { return .failure(.setup("curl_easy_init failed")) }
        defer { CurlHandles.shared.give(handle) }
        let sink = Sink()
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }

        siang_curl_setopt_string(handle, CURLOPT_URL, url)
        siang_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
        siang_curl_setopt_long(handle, CURLOPT_TIMEOUT, timeout)
        siang_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        siang_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        if let caFile { siang_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        siang_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, list)
        siang_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer)
        siang_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer)
        let write: curl_write_callback = { data, size, count, user in
            let sink = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            guard sink.body.count + n <= sink.limit else { return 0 }
            if let data { sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: n) }
            return n
        }
        let header: curl_write_callback = { data, size, count, user in
            let sink = Unmanaged<Sink>.fromOpaque(user!).takeUnretainedValue()
            let n = size * count
            if let data {
                let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
                if let colon = line.firstIndex(of: ":") {
                    let name = line[..<colon].lowercased()
                    sink.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            return n
        }
        siang_curl_setopt_pointer(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(write, to: UnsafeMutableRawPointer.self))
        siang_curl_setopt_pointer(handle, CURLOPT_HEADERFUNCTION, unsafeBitCast(header, to: UnsafeMutableRawPointer.self))

        let code: CURLcode
        if let body {
            code = body.withUnsafeBytes { raw -> CURLcode in
                siang_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, raw.count)
                siang_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
                return curl_easy_perform(handle)
            }
        } else {
            code = curl_easy_perform(handle)
        }
        guard code == CURLE_OK else { return .failure(.transfer(String(cString: curl_easy_strerror(code)))) }
        var status = 0
        siang_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(Response(status: status, headers: sink.headers, body: sink.body))
    }
}

/// Easy handles not in use, each with the connections it keeps open, for the next request. A
/// handle is reset before it is used again (every option back to its default; its connections,
/// DNS and TLS session caches stay), and at most ``idleLimit`` are kept: a burst beyond that closes
/// the extra handles when it is done.
final class CurlHandles: Sendable {
    static let shared = CurlHandles()
    static let idleLimit = 16

    /// A `CURL *`: used by one thread at a time (taken out of the pool while in use).
    struct Handle: @unchecked Sendable { let pointer: UnsafeMutableRawPointer }
    private let idle = Mutex<[Handle]>([])

    func take() -> UnsafeMutableRawPointer? {
        if let reused = idle.withLock({ $0.popLast() }) {
            curl_easy_reset(reused.pointer)
            return reused.pointer
        }
        return curl_easy_init()
    }

    func give(_ handle: UnsafeMutableRawPointer) {
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < Self.idleLimit else { return false }
            idle.append(Handle(pointer: handle))
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
    }
}

/// libcurl's process-wide set-up, done once before the first handle.
enum CurlGlobal {
    static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    static func ensureInitialised() { _ = initialised }
}

public enum CurlError: Error, Equatable, Sendable, CustomStringConvertible {
    case setup(String)
    case transfer(String)

    public var description: String {
        switch self {
        case .setup(let why): "could not set up the request: \(why)"
        case .transfer(let why): "the request failed: \(why)"
        }
    }
}
