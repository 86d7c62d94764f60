/// The batch loop of `rebuildCaseFacts`, the same for every store: batches of case ids in order, each
/// recomputed by `batch` (one transaction: the case ids after the one given, at most `batchSize`), until
/// one comes back empty; returns how many cases were rebuilt.
enum CaseFactRebuild {
    static func run(batchSize: Int, progress: (@Sendable (Int) -> Void)?,
                    batch: (_ afterCaseID: Int64, _ limit: Int) async throws(StoreError) -> (count: Int, lastCaseID: Int64)) async throws(StoreError) -> Int {
        let size = max(1, batchSize)
        var done = 0
        var after: Int64 = 0
        while true {
            let rebuilt = try await batch(after, size)
            if rebuilt.count == 0 { return done }
            done += rebuilt.count
            after = rebuilt.lastCaseID
            progress?(done)
        }
    }
}
