import Foundation
import GRDB
import SiangCore

/// PDPA retention and data-subject requests on SQLite (``PersonalDataStore``, docs/pdpa.md).
extension SQLiteStore: PersonalDataStore {
    public func cases(of subject: DataSubject) async throws(StoreError) -> [TrackingID] {
        let (condition, arguments) = Self.matching(subject, cipher: cipher)
        return try await read { db in
            try String.fetchAll(db, sql: """
                SELECT c.tracking_id FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE \(condition) ORDER BY c.tracking_id
                """, arguments: arguments).map(TrackingID.init(storedCanonical:))
        }
    }

    public func surveyAnswers(of id: TrackingID) async throws(StoreError) -> [HeldSurveyAnswer] {
        let decoder = self.decoder
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT survey_id, answered_at, response FROM survey_answers WHERE tracking_id = ? ORDER BY answered_at, id",
                             arguments: [id.description]).map { row in
                HeldSurveyAnswer(surveyID: row["survey_id"], answeredAt: Date(stored: row["answered_at"]),
                                 response: try decoder.decode(SurveyResponse.self, from: Data((row["response"] as String).utf8)))
            }
        }
    }

    public func casesPastRetention(closedBefore: Date, after: String?, limit: Int) async throws(StoreError) -> [TrackingID] {
        try await read { db in
            try String.fetchAll(db, sql: """
                SELECT c.tracking_id FROM cases c
                WHERE c.status IN (\(SQLPredicate.placeholders(PersonalDataErasure.closedStatuses.count))) AND c.updated_at < ?
                  AND c.tracking_id > ?
                  AND (EXISTS (SELECT 1 FROM case_contacts k WHERE k.case_id = c.id AND (k.name IS NOT NULL OR k.phone IS NOT NULL
                                                                   OR k.email IS NOT NULL OR k.line_user_id IS NOT NULL))
                       OR EXISTS (SELECT 1 FROM attachments a WHERE a.case_id = c.id AND a.erased_at IS NULL)
                       OR EXISTS (SELECT 1 FROM outbox o WHERE o.tracking_id = c.tracking_id AND o.delivered_at IS NOT NULL
                                  AND o.payload <> '' AND o.kind IN (\(SQLPredicate.placeholders(PersonalDataErasure.citizenMessageKinds.count)))))
                ORDER BY c.tracking_id LIMIT ?
                """, arguments: StatementArguments(PersonalDataErasure.closedStatuses) + [closedBefore.storedValue, after ?? ""]
                    + StatementArguments(PersonalDataErasure.citizenMessageKinds) + [limit]).map(TrackingID.init(storedCanonical:))
        }
    }

    public func erasePersonalData(of id: TrackingID, scope: PersonalDataErasure.Scope, audit: AuditEntry)
        async throws(StoreError) -> PersonalDataErasure {
        let (encoder, decoder) = (self.encoder, self.decoder)
        return try await write { db in
            guard let caseID = try Int64.fetchOne(db, sql: "SELECT id FROM cases WHERE tracking_id = ?", arguments: [id.description]) else {
                throw StoreError.notFound
            }
            var erasure = PersonalDataErasure()
            try db.execute(sql: """
                UPDATE case_contacts SET name = NULL, phone = NULL, email = NULL, line_user_id = NULL,
                    phone_key = NULL, email_key = NULL, line_user_key = NULL
                WHERE case_id = ? AND (name IS NOT NULL OR phone IS NOT NULL OR email IS NOT NULL OR line_user_id IS NOT NULL)
                """, arguments: [caseID])
            erasure.contactErased = db.changesCount > 0
            let files = try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM attachments WHERE case_id = ? AND erased_at IS NULL",
                                            arguments: [caseID])
            try db.execute(sql: "UPDATE attachments SET filename = '', erased_at = ? WHERE case_id = ? AND erased_at IS NULL",
                           arguments: [audit.at.storedValue, caseID])
            erasure.attachmentsErased = db.changesCount
            erasure.unreferencedFiles = try files.filter { sha in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM attachments WHERE sha256 = ? AND erased_at IS NULL", arguments: [sha]) == 0
            }.sorted()
            try db.execute(sql: """
                UPDATE outbox SET payload = '', last_error = NULL
                WHERE tracking_id = ? AND delivered_at IS NOT NULL AND payload <> ''
                  AND kind IN (\(SQLPredicate.placeholders(PersonalDataErasure.citizenMessageKinds.count)))
                """, arguments: [id.description] + StatementArguments(PersonalDataErasure.citizenMessageKinds))
            erasure.messagesErased = db.changesCount
            if scope == .request {
                for row in try Row.fetchAll(db, sql: "SELECT id, response FROM survey_answers WHERE tracking_id = ?", arguments: [id.description]) {
                    let response = try decoder.decode(SurveyResponse.self, from: Data((row["response"] as String).utf8))
                    guard let cleared = response.withoutFreeText else { continue }
                    try db.execute(sql: "UPDATE survey_answers SET response = ? WHERE id = ?",
                                   arguments: [String(decoding: try encoder.encode(cleared), as: UTF8.self), row["id"] as Int64])
                    erasure.surveyAnswersCleared += 1
                }
            }
            try Self.appendAudit(at: audit.at, actor: audit.actor, action: audit.action, trackingID: id.description, improvementID: nil, db: db)
            return erasure
        }
    }

    public func processedInbox(before: Date, eraseWith audit: AuditEntry?) async throws(StoreError) -> Int {
        guard let audit else {
            return try await read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox WHERE processed_at < ?", arguments: [before.storedValue]) ?? 0
            }
        }
        return try await write { db in
            try db.execute(sql: "DELETE FROM inbox WHERE processed_at < ?", arguments: [before.storedValue])
            let removed = db.changesCount
            if removed > 0 {
                try Self.appendAudit(at: audit.at, actor: audit.actor, action: audit.action, trackingID: nil, improvementID: nil, db: db)
            }
            return removed
        }
    }

    /// The condition on `case_contacts k` that finds a subject, with its arguments: the subject's
    /// keyed hash under every key of the ring, in the lookup column of its kind.
    static func matching(_ subject: DataSubject, cipher: PersonalDataCipher) -> (String, StatementArguments) {
        let keys = cipher.lookupKeys(ContactLookup.value(of: subject))
        let column = switch subject {
        case .phone: "k.phone_key"
        case .email: "k.email_key"
        case .lineUser: "k.line_user_key"
        }
        return ("\(column) IN (\(SQLPredicate.placeholders(keys.count)))", StatementArguments(keys))
    }
}
