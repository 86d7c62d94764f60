import Foundation
import SiangCore
import SiangStore

/// The notices a complainant gets when staff change a case in a way they can see (every status
/// change and every public reply), through the channel the case came from, as outbox rows written
/// with the change:
///
/// - web: the tracking page shows the timeline, so no row (unless an email address was given);
/// - email (or any case with an email address): kind `status_notice` / `public_reply`, channel `email`;
/// - LINE: the same kinds, channel `line`, for a user who still follows the account;
/// - hotline and phone: the same kinds with the case's channel, held for the call-back list.
///
/// Every payload is `{"text": "<the Thai message>"}`; each row's dedupe key names the event, so the
/// same change never queues a notice twice.
public struct CitizenNotices: Sendable {
    public static let statusNotice = "status_notice"
    public static let publicReply = "public_reply"

    let store: any CaseStore
    let configuration: SiangConfiguration

    public init(store: any CaseStore, configuration: SiangConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// The rows for `newEvents`, appended after `previousCount` events of a case that came in on
    /// `channel`.
    public func messages(for id: TrackingID, channel: Channel, newEvents: [CaseEvent], previousCount: Int) async throws(StoreError) -> [OutboxMessage] {
        let notices: [(sequence: Int, kind: String, text: String)] = newEvents.enumerated().compactMap { offset, event in
            guard event.actor.hasPrefix("staff:") else { return nil }
            switch event.change {
            case .statusChanged(let change): return (previousCount + offset, Self.statusNotice, statusText(id, change))
            case .publicReply(let text): return (previousCount + offset, Self.publicReply, replyText(id, text))
            default: return nil
            }
        }
        guard !notices.isEmpty else { return [] }
        var targets: [Channel] = []
        let contact = try await store.contact(of: id)
        if let email = contact?.email, !email.isEmpty { targets.append(.email) }
        if channel == .line, try await store.lineRecipient(of: id) != nil { targets.append(.line) }
        if CallbackItem.channels.contains(channel), let phone = contact?.phone, !phone.isEmpty { targets.append(channel) }
        return notices.flatMap { notice in
            targets.map { target in
                OutboxMessage(kind: notice.kind, channel: target, trackingID: id, payload: Self.payload(notice.text),
                              dedupeKey: "notice:\(id):\(notice.sequence):\(target.rawValue)")
            }
        }
    }

    static func payload(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["text": text], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    var agency: String { configuration.agency.nameTh }

    func trackURL(_ id: TrackingID) -> String {
        let base = configuration.agency.publicBaseURL
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/track/\(id)"
    }

    /// The Thai message for a status change, as an agency writes to the public.
    func statusText(_ id: TrackingID, _ change: StatusChange) -> String {
        let note = change.publicNote.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        var lines: [String]
        switch change.to {
        case .awaitingInfo:
            lines = ["\(agency) ขอข้อมูลเพิ่มเติมเกี่ยวกับเรื่องเลขที่ \(id) ของท่าน"]
            if let note { lines.append(note) }
            lines.append("โปรดส่งข้อมูลเพิ่มเติมผ่านช่องทางที่ท่านแจ้งเรื่องไว้ เพื่อให้เจ้าหน้าที่ดำเนินการต่อได้")
        case .resolved:
            lines = ["เรื่องเลขที่ \(id) ของท่าน \(agency) ได้ดำเนินการแล้วเสร็จ"]
            if let note { lines.append("ผลการดำเนินการ: \(note)") }
        case .referred:
            lines = ["เรื่องเลขที่ \(id) ของท่าน ได้ส่งต่อให้หน่วยงานที่รับผิดชอบดำเนินการแล้ว"]
            if let note { lines.append(note) }
        case .rejected:
            lines = ["\(agency) ไม่สามารถรับเรื่องเลขที่ \(id) ไว้พิจารณาได้"]
            if let reason = note ?? change.reason { lines.append("เหตุผล: \(reason)") }
        case .duplicate:
            lines = ["เรื่องเลขที่ \(id) ของท่าน ได้รวมไว้กับเรื่องเลขที่ \(change.duplicateOf?.description ?? "-") ซึ่งเป็นเรื่องเดียวกัน"]
            if let note { lines.append(note) }
        default:
            lines = ["เรื่องเลขที่ \(id) ของท่าน: \(change.to.label.th)"]
            if let note { lines.append(note) }
        }
        lines.append("ติดตามความคืบหน้าได้ที่ \(trackURL(id))")
        return lines.joined(separator: "\n")
    }

    func replyText(_ id: TrackingID, _ text: String) -> String {
        ["เจ้าหน้าที่ \(agency) ตอบเรื่องเลขที่ \(id) ของท่าน", text.trimmingCharacters(in: .whitespacesAndNewlines),
         "ติดตามความคืบหน้าได้ที่ \(trackURL(id))"].joined(separator: "\n")
    }
}
