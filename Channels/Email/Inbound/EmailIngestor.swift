import Foundation
import Logging
import SiangCore
import SiangPipeline
import SiangStore

/// Takes one raw email (a file or a message fetched from IMAP) into the system (DESIGN.md 5.5):
/// automatic mail (auto-replies, bounces, bulk) is recorded and never answered; a reply to one of
/// our messages or a message whose subject carries a tracking ID joins that case; anything else
/// opens a case. `Message-ID` (or the content hash) is the channel key, so a message fetched twice
/// is one case.
public struct EmailIngestor: Sendable {
    public enum Outcome: String, Codable, Sendable {
        case created, joined, duplicate, ignored
    }

    public struct Result: Codable, Sendable, Equatable {
        public var outcome: Outcome
        public var trackingId: String?
        public var warnings: [String]
    }

    let pipeline: IntakePipeline
    let store: any CaseStore
    let attachments: AttachmentStore
    let clock: any SiangClock
    let logger: Logger

    public init(pipeline: IntakePipeline, store: any CaseStore, attachments: AttachmentStore, clock: any SiangClock = SystemClock(),
                logger: Logger = Logger(label: "siang.email")) {
        self.pipeline = pipeline
        self.store = store
        self.attachments = attachments
        self.clock = clock
        self.logger = logger
    }

    public func ingest(_ raw: [UInt8]) async throws -> Result {
        let mail = MIMEParser.parse(raw)
        let key = mail.messageKey
        let now = clock.now()
        if mail.isAutomatic {
            // Kept as received, for the record; never answered, never a case.
            let id = try await store.enqueueInbox(source: "email", headers: ["message-key": key], body: Data(raw), at: now)
            try await store.markInboxProcessed(id: id, at: now, error: "automatic mail: recorded, not answered")
            return Result(outcome: .ignored, trackingId: nil, warnings: mail.warnings)
        }
        if let existing = try await store.caseID(channel: .email, key: key) {
            return Result(outcome: .duplicate, trackingId: existing.description, warnings: mail.warnings)
        }
        var warnings = mail.warnings
        let refs = storeAttachments(mail, warnings: &warnings)
        let prefix = pipeline.configuration.trackingPrefix
        if let target = try await caseReferenced(by: mail, prefix: prefix) {
            let added = try await pipeline.addMessage(to: target, text: mail.text, attachments: refs, channel: .email,
                                                      channelMessageKey: key, at: mail.date.map { min($0, now) } ?? now)
            return Result(outcome: added ? .joined : .duplicate, trackingId: target.description, warnings: warnings)
        }
        let from = mail.replyTo ?? mail.from
        let contact = from.map { Contact(name: $0.name, email: $0.address) }
        var text = mail.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { text = mail.subject ?? "" }
        if text.isEmpty { text = "(อีเมลไม่มีข้อความ)" }
        let intake = Intake(
            subject: mail.subject.map { String($0.prefix(pipeline.configuration.limits.maxSubjectLength)) },
            text: String(text.prefix(pipeline.configuration.limits.maxTextLength)), channel: .email, channelMessageKey: key,
            receivedAt: now, contact: contact, consent: contact != nil, attachments: Array(refs.prefix(pipeline.configuration.limits.maxAttachments)),
            warnings: warnings + (refs.count > pipeline.configuration.limits.maxAttachments ? ["only the first \(pipeline.configuration.limits.maxAttachments) attachments were kept"] : []))
        var checked = intake
        if !pipeline.problems(in: checked).filter({ $0.field.hasPrefix("contact") }).isEmpty {
            // An unusable sender address is no reason to lose the message.
            checked.contact = nil
            checked.consent = false
            checked.warnings.append("the sender address could not be used for replies")
        }
        switch try await pipeline.submit(checked) {
        case .created(let r): return Result(outcome: .created, trackingId: r.trackingId.description, warnings: checked.warnings)
        case .existing(let r): return Result(outcome: .duplicate, trackingId: r.trackingId.description, warnings: checked.warnings)
        }
    }

    /// The case a message answers: one of our Message-IDs in In-Reply-To/References, or a tracking
    /// ID of an existing case in the subject.
    func caseReferenced(by mail: ParsedEmail, prefix: String) async throws -> TrackingID? {
        for ref in ([mail.inReplyTo].compactMap { $0 } + mail.references) {
            if let id = OutboundMessageID.trackingID(in: ref, prefix: prefix), try await store.record(id) != nil { return id }
        }
        for candidate in Self.trackingIDCandidates(in: mail.subject ?? "", prefix: prefix) {
            if try await store.record(candidate) != nil { return candidate }
        }
        return nil
    }

    /// Well-formed tracking IDs (check symbol valid) written in a text, e.g. "Re: [CMP-69K7MQ2XDJN] …".
    static func trackingIDCandidates(in text: String, prefix: String) -> [TrackingID] {
        let upper = text.uppercased()
        var found: [TrackingID] = []
        var search = upper.startIndex
        while let r = upper.range(of: prefix, range: search..<upper.endIndex) {
            let tail = upper[r.upperBound...].drop { $0 == "-" || $0 == " " }
            let body = String(tail.prefix(11))
            if body.count == 11, let id = try? TrackingID.parse(body, expectedPrefix: prefix) { found.append(id) }
            search = r.upperBound
        }
        return found
    }

    func storeAttachments(_ mail: ParsedEmail, warnings: inout [String]) -> [AttachmentRef] {
        var refs: [AttachmentRef] = []
        for a in mail.attachments where !a.data.isEmpty {
            let data = Data(a.data)
            let fileType = AttachmentStore.FileType.sniff(data) ?? .other
            do {
                refs.append(try attachments.store(data, filename: a.suggestedFilename, type: fileType))
            } catch {
                warnings.append("an attachment could not be stored")
                logger.error("attachment store failed", metadata: ["error": "\(type(of: error))"])
            }
        }
        return refs
    }
}

/// The Message-IDs of the mail we send carry the case's tracking ID, so a reply's In-Reply-To
/// leads back to the case without a lookup table: `<siang.CMP-69K7MQ2XDJN.3f9a…@host>`.
public enum OutboundMessageID {
    /// The Message-ID of a mail about case `id`. `key` is what the mail is (its outbox row's dedupe key): the
    /// same on every attempt, so a mail sent again after a crash between the SMTP server's acceptance and the
    /// row marked delivered carries the same Message-ID, and a mailbox that has it already sees one message.
    public static func make(for id: TrackingID, host: String, key: String) -> String {
        "siang.\(id).\(token(key))@\(host)"
    }

    /// 16 hex digits of the SHA-256 of `key`: the same in every process, and the key itself (which may
    /// name a staff account) stays out of the header.
    public static func token(_ key: String) -> String {
        String(SHA256.hex(Array(key.utf8)).prefix(16))
    }

    public static func trackingID(in messageID: String, prefix: String) -> TrackingID? {
        let trimmed = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        let parts = trimmed.split(separator: ".")
        guard parts.count >= 3, parts[0] == "siang" else { return nil }
        return try? TrackingID.parse(String(parts[1]), expectedPrefix: prefix)
    }
}
