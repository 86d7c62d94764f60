import Foundation
import GRDB
import SiangCore

/// The history import's cases in SQLite (schema in `Migrations+CaseImport.swift`). Cases go through
/// the same insert as every new case (``SQLiteStore/insert(_:db:decoder:checkChannelKey:)``), so
/// whatever that keeps current is kept current for imported cases too.
extension SQLiteStore {
    public func importedCases(refs: [String]) async throws(StoreError) -> [String: ImportedRef] {
        guard !refs.isEmpty else { return [:] }
        return try await read { db in try Self.importedRefs(refs, db: db) }
    }

    static func importedRefs(_ refs: [String], db: Database) throws -> [String: ImportedRef] {
        var found: [String: ImportedRef] = [:]
        for start in stride(from: 0, to: refs.count, by: 500) {
            let slice = Array(refs[start..<min(start + 500, refs.count)])
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.ref, r.fingerprint, c.tracking_id FROM case_import_refs r JOIN cases c ON c.id = r.case_id
                WHERE r.ref IN (\(SQLPredicate.placeholders(slice.count)))
                """, arguments: StatementArguments(slice))
            for row in rows {
                guard let id = try? TrackingID(from: row["tracking_id"] as String) else { continue }
                found[row["ref"]] = ImportedRef(trackingID: id, fingerprint: row["fingerprint"])
            }
        }
        return found
    }

    public func importCases(_ cases: [ImportedCase]) async throws(StoreError) -> [ImportedCaseOutcome] {
        let prepared = try cases.map { (c) throws(StoreError) in
            (c, try prepare(c.newCase), try c.answer.map { (a) throws(StoreError) in try encodeResponse(a.response) })
        }
        let decoder = self.decoder
        return try await write { db in
            let known = try Self.importedRefs(cases.map(\.ref), db: db)
            return try prepared.map { item, p, responseJSON in
                if let existing = known[item.ref] { return .existing(existing) }
                _ = try Self.insert(p, db: db, decoder: decoder, checkChannelKey: false)
                guard let caseID = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT id FROM cases WHERE tracking_id = ?"),
                                                      arguments: [item.newCase.trackingID.description]) else {
                    throw StoreError.unavailable("the case of \(item.ref) was not stored")
                }
                try db.cachedStatement(sql: "INSERT INTO case_import_refs (ref, case_id, fingerprint) VALUES (?, ?, ?)")
                    .execute(arguments: [item.ref, caseID, item.fingerprint])
                if let sla = item.sla { try Self.writeSLA(sla, caseID: caseID, eventCount: p.eventRows.count, db: db) }
                if let invitation = item.invitation { try Self.insert(invitation, db: db) }
                if let answer = item.answer, let responseJSON {
                    guard case .recorded = try Self.insert(answer, responseJSON: responseJSON, limit: nil, db: db) else {
                        throw StoreError.unavailable("the survey answer of \(item.ref) could not be recorded with its invitation")
                    }
                }
                return .created(item.newCase.trackingID)
            }
        }
    }
}
