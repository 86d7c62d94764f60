import Foundation
import GRDB
import SiangCore

extension SQLiteStore: CaseTextStore {
    public func caseTexts(receivedFrom from: Date, to: Date) async throws(StoreError) -> [CaseText] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT category, received_at, subject, text FROM cases
                WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id
                """, arguments: [from.storedValue, to.storedValue]).map {
                CaseText(category: $0["category"], receivedAt: Date(stored: $0["received_at"]),
                         subject: $0["subject"], text: $0["text"])
            }
        }
    }
}
