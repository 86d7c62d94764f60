import Foundation
import PostgresNIO
import SiangCore

/// PDPA retention and data-subject requests on PostgreSQL, the twin of `SQLiteStore+PersonalData.swift`.
extension PostgresStore: PersonalDataStore {
    public func cases(of subject: DataSubject) async throws(StoreError) -> [TrackingID] {
        let keys = cipher.lookupKeys(ContactLookup.value(of: subject))
        let condition: PostgresQuery = switch subject {
        case .phone:
            "SELECT c.tracking_id FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE k.phone_key = ANY(\(keys)) ORDER BY c.tracking_id"
        case .email:
            "SELECT c.tracking_id FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE k.email_key = ANY(\(keys)) ORDER BY c.tracking_id"
        case .lineUser:
            "SELECT c.tracking_id FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE k.line_user_key = ANY(\(keys)) ORDER BY c.tracking_id"
        }
        return try await read { c in try await c.all(condition, as: String.self).map(TrackingID.init(storedCanonical:)) }
    }

    public func surveyAnswers(of id: TrackingID) async throws(StoreError) -> [HeldSurveyAnswer] {
        let decoder = self.decoder
        return try await read { c in
            try await c.rows("""
                SELECT survey_id, answered_at, response FROM survey_answers WHERE tracking_id = \(id.description) ORDER BY answered_at, id
                """).map { row in
                let (survey, at, response) = try row.decode((String, Double, String).self)
                return HeldSurveyAnswer(surveyID: survey, answeredAt: Date(stored: at),
                                        response: try decoder.decode(SurveyResponse.self, from: Data(response.utf8)))
            }
        }
    }

    public func casesPastRetention(closedBefore: Date, after: String?, limit: Int) async throws(StoreError) -> [TrackingID] {
        try await read { c in
            try await c.all("""
                SELECT c.tracking_id FROM cases c
                WHERE c.status = ANY(\(PersonalDataErasure.closedStatuses)) AND c.updated_at < \(closedBefore.storedValue)
                  AND c.tracking_id COLLATE "C" > \(after ?? "")
                  AND (EXISTS (SELECT 1 FROM case_contacts k WHERE k.case_id = c.id AND (k.name IS NOT NULL OR k.phone IS NOT NULL
                                                                   OR k.email IS NOT NULL OR k.line_user_id IS NOT NULL))
                       OR EXISTS (SELECT 1 FROM attachments a WHERE a.case_id = c.id AND a.erased_at IS NULL)
                       OR EXISTS (SELECT 1 FROM outbox o WHERE o.tracking_id = c.tracking_id AND o.delivered_at IS NOT NULL
                                  AND o.payload <> '' AND o.kind = ANY(\(PersonalDataErasure.citizenMessageKinds))))
                ORDER BY c.tracking_id COLLATE "C" LIMIT \(limit)
                """, as: String.self).map(TrackingID.init(storedCanonical:))
        }
    }

    public func erasePersonalData(of id: TrackingID, scope: PersonalDataErasure.Scope, audit: AuditEntry)
        async throws(StoreError) -> PersonalDataErasure {
        let (encoder, decoder) = (self.encoder, self.decoder)
        let trackingID = id.description
        return try await write { c in
            guard let caseID = try await c.one("SELECT id FROM cases WHERE tracking_id = \(trackingID) FOR UPDATE", as: Int64.self) else {
                throw StoreError.notFound
            }
            var erasure = PersonalDataErasure()
            erasure.contactErased = try await c.count("""
                UPDATE case_contacts SET name = NULL, phone = NULL, email = NULL, line_user_id = NULL,
                    phone_key = NULL, email_key = NULL, line_user_key = NULL
                WHERE case_id = \(caseID) AND (name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL OR line_user_id IS NOT NULL)
                RETURNING 1
                """) > 0
            let files = try await c.all("""
                UPDATE attachments SET filename = '', erased_at = \(audit.at.storedValue) WHERE case_id = \(caseID) AND erased_at IS NULL
                RETURNING sha256
                """, as: String.self)
            erasure.attachmentsErased = files.count
            erasure.unreferencedFiles = try await c.all("""
                SELECT sha256 FROM attachments WHERE sha256 = ANY(\(Array(Set(files))))
                GROUP BY sha256 HAVING count(*) FILTER (WHERE erased_at IS NULL) = 0
                """, as: String.self).sorted()
            erasure.messagesErased = try await c.count("""
                UPDATE outbox SET payload = '', last_error = NULL
                WHERE tracking_id = \(trackingID) AND delivered_at IS NOT NULL AND payload <> ''
                  AND kind = ANY(\(PersonalDataErasure.citizenMessageKinds))
                RETURNING 1
                """)
            if scope == .request {
                for row in try await c.rows("SELECT id, response FROM survey_answers WHERE tracking_id = \(trackingID) ORDER BY id") {
                    let (answerID, text) = try row.decode((Int64, String).self)
                    guard let cleared = try decoder.decode(SurveyResponse.self, from: Data(text.utf8)).withoutFreeText else { continue }
                    let json = String(decoding: try encoder.encode(cleared), as: UTF8.self)
                    try await c.exec("UPDATE survey_answers SET response = \(json) WHERE id = \(answerID)")
                    erasure.surveyAnswersCleared += 1
                }
            }
            try await Self.appendAudit(at: audit.at, actor: audit.actor, action: audit.action, trackingID: trackingID, improvementID: nil,
                                       connection: c)
            return erasure
        }
    }

    public func processedInbox(before: Date, eraseWith audit: AuditEntry?) async throws(StoreError) -> Int {
        guard let audit else {
            return try await read { c in try await c.one("SELECT count(*) FROM inbox WHERE processed_at < \(before.storedValue)", as: Int.self) ?? 0 }
        }
        return try await write { c in
            let removed = try await c.count("DELETE FROM inbox WHERE processed_at < \(before.storedValue) RETURNING 1")
            if removed > 0 {
                try await Self.appendAudit(at: audit.at, actor: audit.actor, action: audit.action, trackingID: nil, improvementID: nil,
                                           connection: c)
            }
            return removed
        }
    }
}
