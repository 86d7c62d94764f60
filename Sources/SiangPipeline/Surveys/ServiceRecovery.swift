import Foundation
import SiangCore
import SiangStore

/// Service recovery: a dissatisfied answer (overall 1 or 2) is put before the supervisors of the
/// case's queue, so someone calls the person back and the cause is worked on.
///
/// For a case: an internal note by `system` on the case (it shows in the workspace's timeline) and
/// an outbox row of kind `service_recovery` for the queue's supervisors. For a service point: the
/// outbox row alone, naming the service point and its unit (there is no case and no person). The
/// row carries no personal data: the case, the queue, the supervisors, the score and the reason codes.
public enum ServiceRecovery {
    public static let outboxKind = "service_recovery"

    static func forCase(_ answer: NewSurveyAnswer, invitation: SurveyInvitation,
                        configuration: SiangConfiguration) -> (events: [CaseEvent], outbox: [OutboxMessage]) {
        guard SurveyRules.isDissatisfied(answer.response), let score = answer.response.overall else { return ([], []) }
        let r = answer.response
        let note = CaseEvent(at: answer.answeredAt, actor: CaseEvent.system, change: .internalNote(
            SurveyMessages.recoveryNote(score: score, reasons: r.reasons, reasonText: r.reasonText, comment: r.comment,
                                        settings: configuration.surveys, from: "ผู้ร้อง")))
        let payload = Payload(trackingId: invitation.trackingID.description, queue: invitation.queue,
                              supervisors: supervisors(of: invitation.queue, configuration), servicePoint: nil, unit: nil,
                              overall: score, reasons: r.reasons, answeredAt: answer.answeredAt)
        let row = OutboxMessage(kind: outboxKind, channel: nil, trackingID: invitation.trackingID, payload: payload.encoded(),
                                dedupeKey: "survey:recovery:\(invitation.token)")
        return ([note], [row])
    }

    static func forServicePoint(_ answer: NewSurveyAnswer, point: ServicePoint, configuration: SiangConfiguration, key: String?) -> [OutboxMessage] {
        guard SurveyRules.isDissatisfied(answer.response), let score = answer.response.overall else { return [] }
        let payload = Payload(trackingId: nil, queue: point.queue, supervisors: supervisors(of: point.queue, configuration),
                              servicePoint: point.code, unit: point.unit, overall: score, reasons: answer.response.reasons,
                              answeredAt: answer.answeredAt)
        return [OutboxMessage(kind: outboxKind, channel: nil, trackingID: nil, payload: payload.encoded(),
                              dedupeKey: "survey:recovery:point:\(point.code):\(key ?? UUID.random().uuidString)")]
    }

    static func supervisors(of queue: String?, _ configuration: SiangConfiguration) -> [String] {
        queue.flatMap { configuration.routing.queue($0)?.supervisors } ?? []
    }

    /// The outbox payload of a `service_recovery` row.
    public struct Payload: Codable, Sendable, Equatable {
        public var trackingId: String?
        public var queue: String?
        public var supervisors: [String]
        public var servicePoint: String?
        public var unit: String?
        public var overall: Int
        public var reasons: [String]
        public var answeredAt: Date

        func encoded() -> String {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
        }
    }
}
