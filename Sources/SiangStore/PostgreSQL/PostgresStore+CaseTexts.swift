import Foundation
import PostgresNIO
import SiangCore

extension PostgresStore: CaseTextStore {
    public func caseTexts(receivedFrom from: Date, to: Date) async throws(StoreError) -> [CaseText] {
        try await read { c in
            try await c.rows("""
                SELECT category, received_at, subject, text FROM cases
                WHERE received_at >= \(from.storedValue) AND received_at < \(to.storedValue) ORDER BY received_at, id
                """).map { row in
                let (category, receivedAt, subject, text) = try row.decode((String?, Double, String?, String).self)
                return CaseText(category: category, receivedAt: Date(timeIntervalSince1970: receivedAt), subject: subject, text: text)
            }
        }
    }
}
