import Foundation
import SiangCore
import SiangStore

/// A hotline call as the pipeline's ``Intake`` (for calls that open a case) and as a
/// ``CallRecord`` (every call, for channel statistics).
public enum HotlineIntake {
    /// The channel key of a call: its `call_id`, so a re-imported call is the same case.
    public static func channelKey(_ callID: String) -> String { "call:\(callID)" }

    /// The case a call opens, or nil for dropped, wrong-number and test calls.
    ///
    /// The caller gave the name and number on the call to be contacted about this matter, which is
    /// the consent the case needs; the operator's summary is the subject and the notes the text.
    public static func intake(for call: HotlineCall, taxonomy: Taxonomy) -> Intake? {
        guard call.disposition.opensCase, let kind = Kind(rawValue: call.disposition.rawValue) else { return nil }
        var warnings: [String] = []
        var category: String?
        if let raw = call.category?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            category = taxonomy.category(raw)?.code ?? taxonomy.categories.first { $0.th == raw || $0.en.lowercased() == raw.lowercased() }?.code
            if category == nil { warnings.append("hotline category \"\(raw)\" is not in the taxonomy; classified from the text") }
        }
        let text = [call.summary, call.notes].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        let contact = Contact(name: call.callerName, phone: call.callerPhone)
        return Intake(kind: kind, subject: call.summary, text: text.isEmpty ? "(สายด่วน \(call.callID): ไม่มีบันทึกรายละเอียด)" : text,
                      channel: .hotline, channelMessageKey: channelKey(call.callID), receivedAt: call.startedAt,
                      contact: contact.isEmpty ? nil : contact, consent: !contact.isEmpty, category: category,
                      externalRef: call.callID, warnings: warnings)
    }

    public static func record(for call: HotlineCall, trackingID: TrackingID?) -> CallRecord {
        CallRecord(callID: call.callID, startedAt: call.startedAt, endedAt: call.endedAt, queue: call.queue, agent: call.agent,
                   disposition: call.disposition.rawValue, trackingID: trackingID)
    }
}
