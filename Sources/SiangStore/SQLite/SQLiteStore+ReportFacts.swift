import Foundation
import GRDB
import SiangCore

extension SQLiteStore: ReportStore {
    public func caseFacts(receivedBefore instant: Date) async throws(StoreError) -> [CaseFact] {
        try await read { db in try CaseFactReader.facts(receivedBefore: instant.storedValue, db: db) }
    }

    public func rebuildCaseFacts(batchSize: Int, progress: (@Sendable (Int) -> Void)?) async throws(StoreError) -> Int {
        let size = max(1, batchSize)
        var done = 0
        var after: Int64 = 0
        while true {
            let start = after
            let batch = try await write { db in try CaseFactRows.rebuild(db: db, afterCaseID: start, limit: size) }
            if batch.count == 0 { return done }
            done += batch.count
            after = batch.lastCaseID
            progress?(done)
        }
    }
}
