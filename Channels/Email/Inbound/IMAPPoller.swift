import Foundation
import Logging
import SiangDelivery
import SiangStore

/// Polls an IMAP mailbox through libcurl by UID (DESIGN.md 5.5): fetches every message above the
/// stored watermark, takes each in (committed), then moves the watermark past it. Mail is never
/// deleted. A poller killed between the two steps fetches the message again next time, and the
/// Message-ID makes that a duplicate, not a second case. A changed UIDVALIDITY starts again from the
/// beginning for the same reason.
public struct IMAPPoller: Sendable {
    let mail: CurlMail
    let account: CurlMail.Account
    let ingestor: EmailIngestor
    let store: any CaseStore
    let logger: Logger

    public init(account: CurlMail.Account, ingestor: EmailIngestor, store: any CaseStore, mail: CurlMail = CurlMail(),
                logger: Logger = Logger(label: "siang.imap")) {
        self.account = account
        self.ingestor = ingestor
        self.store = store
        self.mail = mail
        self.logger = logger
    }

    var stateKey: String { "imap:\(account.user)@\(account.url)" }

    /// One pass; returns each message's result in UID order.
    public func pollOnce() async throws -> [(uid: Int, result: EmailIngestor.Result)] {
        let validity = try await uidValidity()
        var (storedValidity, watermark) = try await loadWatermark()
        if storedValidity != validity {
            if storedValidity != nil { logger.notice("UIDVALIDITY changed; reading the mailbox again (duplicates are skipped)") }
            watermark = 0
        }
        let search = try await mail.imapCommand("UID SEARCH UID \(watermark + 1):*", account: account)
        // "n:*" also matches the highest UID when it is below n; keep only what is new.
        let uids = Self.searchResults(search).filter { $0 > watermark }.sorted()
        var results: [(Int, EmailIngestor.Result)] = []
        for uid in uids {
            let raw = try await mail.imapFetch(uid: uid, account: account)
            let result = try await ingestor.ingest(raw)
            try await store.setChannelState(stateKey, "\(validity ?? "-") \(uid)")
            results.append((uid, result))
        }
        return results
    }

    func uidValidity() async throws -> String? {
        let mailbox = account.url.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? "INBOX"
        var root = account.url
        if let slash = root.range(of: "/", options: .backwards), root.distance(from: root.startIndex, to: slash.lowerBound) > 8 {
            root = String(root[..<slash.lowerBound])
        }
        let answer = try await mail.imapCommand("STATUS \(mailbox) (UIDVALIDITY)", account: CurlMail.Account(url: root, user: account.user, password: account.password))
        guard let r = answer.range(of: "UIDVALIDITY ") else { return nil }
        return String(answer[r.upperBound...].prefix { $0.isNumber })
    }

    func loadWatermark() async throws -> (String?, Int) {
        guard let value = try await store.channelState(stateKey) else { return (nil, 0) }
        let parts = value.split(separator: " ")
        guard parts.count == 2, let uid = Int(parts[1]) else { return (nil, 0) }
        return (parts[0] == "-" ? nil : String(parts[0]), uid)
    }

    /// The UIDs in an untagged `* SEARCH 1 2 3` answer.
    static func searchResults(_ text: String) -> [Int] {
        text.split(whereSeparator: \.isNewline).flatMap { line -> [Int] in
            guard line.hasPrefix("* SEARCH") else { return [] }
            return line.dropFirst("* SEARCH".count).split(separator: " ").compactMap { Int($0) }
        }
    }

    /// Polls every `interval` until cancelled.
    public func run(every interval: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            do {
                let results = try await pollOnce()
                if !results.isEmpty { logger.info("mail taken in", metadata: ["messages": "\(results.count)"]) }
            } catch {
                logger.error("IMAP poll failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
