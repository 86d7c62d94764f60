import Foundation
import NIOCore
import PostgresNIO
import SiangCore

/// The history import's cases and the report facts on PostgreSQL: the twins of
/// `SQLiteStore+CaseImport.swift`, `SQLiteStore+ReportFacts.swift` and `CaseFactRows.rebuild`.
extension PostgresStore {
    public func importedCases(refs: [String]) async throws(StoreError) -> [String: ImportedRef] {
        guard !refs.isEmpty else { return [:] }
        return try await read { c in try await importedRefs(refs, connection: c) }
    }

    func importedRefs(_ refs: [String], connection c: PostgresConnection) async throws -> [String: ImportedRef] {
        var found: [String: ImportedRef] = [:]
        for row in try await c.rows("""
            SELECT r.ref, r.fingerprint, c.tracking_id FROM case_import_refs r JOIN cases c ON c.id = r.case_id
            WHERE r.ref = ANY(\(refs))
            """) {
            let (ref, fingerprint, trackingID) = try row.decode((String, String, String).self)
            guard let id = try? TrackingID(from: trackingID) else { continue }
            found[ref] = ImportedRef(trackingID: id, fingerprint: fingerprint)
        }
        return found
    }

    /// Imported cases in one transaction, each with its survey invitation and answer if it carries them,
    /// through the same inserts as a new case, invitation and answer.
    public func importCases(_ cases: [ImportedCase]) async throws(StoreError) -> [ImportedCaseOutcome] {
        let prepared = try cases.map { (item) throws(StoreError) in
            (item, try prepare(item.newCase), try item.answer.map { (a) throws(StoreError) in try encodeSurveyResponse(a.response) })
        }
        return try await write { c in
            let known = try await importedRefs(cases.map(\.ref), connection: c)
            var outcomes: [ImportedCaseOutcome] = []
            for (item, p, responseJSON) in prepared {
                if let existing = known[item.ref] { outcomes.append(.existing(existing)); continue }
                guard let caseID = try await insertCase(p, checkChannelKey: false, connection: c).caseID else {
                    throw StoreError.unavailable("the case of \(item.ref) was not stored")
                }
                try await c.exec("""
                    INSERT INTO case_import_refs (ref, case_id, fingerprint) VALUES (\(item.ref), \(caseID), \(item.fingerprint))
                    """)
                if let sla = item.sla { try await writeSLA(sla, caseID: caseID, eventCount: p.eventRows.count, connection: c) }
                if let invitation = item.invitation { try await insert(invitation, connection: c) }
                if let answer = item.answer, let responseJSON {
                    guard case .recorded = try await insert(answer, responseJSON: responseJSON, limit: nil, connection: c) else {
                        throw StoreError.unavailable("the survey answer of \(item.ref) could not be recorded with its invitation")
                    }
                }
                outcomes.append(.created(item.newCase.trackingID))
            }
            return outcomes
        }
    }

    /// Every case fact received before `instant`, in receipt order.
    public func caseFacts(receivedBefore instant: Date) async throws(StoreError) -> [CaseFact] {
        try await caseFactColumns(receivedBefore: instant).facts
    }

    /// Every case fact received before `instant`, in receipt order, laid straight into columns.
    public func caseFactColumns(receivedBefore instant: Date) async throws(StoreError) -> CaseFactColumns {
        try await read { c in
            var columns = CaseFactColumns()
            var categoryPlaces: [String: Int32] = [:], queuePlaces: [String: Int32] = [:]
            let rows = try await c.query("""
                SELECT tracking_id, kind, channel, category, segment, queue, priority, received_at, first_response_at, statuses
                FROM report_case_facts WHERE received_at < \(instant.storedValue) ORDER BY received_at, case_id
                """, logger: Self.quiet)
            for try await row in rows {
                let (trackingID, kindText, channelText, category, segment, queue, priorityText, receivedAt, firstResponseAt, statuses) =
                    try row.decode((String, String, String, String?, String?, String?, String, Double, Double?, ByteBuffer).self)
                guard let kind = Kind(rawValue: kindText), let channel = SiangCore.Channel(rawValue: channelText),
                      let priority = Priority(rawValue: priorityText) else {
                    throw StoreError.unavailable("the report fact of \(trackingID) has an unknown kind, channel or priority; run siang report rebuild")
                }
                let decoded = statuses.withUnsafeReadableBytes { bytes in
                    CaseFactTimeline.decode(bytes, receivedAt: receivedAt, into: &columns)
                }
                guard decoded else {
                    throw StoreError.unavailable("the report fact of \(trackingID) has a damaged status timeline; run siang report rebuild")
                }
                var id = trackingID
                id.withUTF8 { columns.appendTrackingID($0) }
                columns.kinds.append(kind)
                columns.channels.append(channel)
                columns.priorities.append(priority)
                columns.segments.append(segment.flatMap(Segment.init(rawValue:)))
                columns.categories.append(category == nil ? -1 : CaseFactColumns.place(category, in: &columns.categoryNames, places: &categoryPlaces))
                columns.queues.append(queue == nil ? -1 : CaseFactColumns.place(queue, in: &columns.queueNames, places: &queuePlaces))
                columns.receivedAt.append(receivedAt)
                columns.firstResponseAt.append(firstResponseAt ?? .infinity)
            }
            return columns
        }
    }

    /// Recomputes every case's report fact from its events, `batchSize` cases per transaction.
    public func rebuildCaseFacts(batchSize: Int, progress: (@Sendable (Int) -> Void)?) async throws(StoreError) -> Int {
        try await CaseFactRebuild.run(batchSize: batchSize, progress: progress) { (start, size) throws(StoreError) in
            try await write { c in try await rebuildFacts(afterCaseID: start, limit: size, connection: c) }
        }
    }

    /// The facts of at most `limit` cases with ids after `afterCaseID`, recomputed from their events.
    private func rebuildFacts(afterCaseID: Int64, limit: Int, connection c: PostgresConnection) async throws -> (count: Int, lastCaseID: Int64) {
        let ids = try await c.all("SELECT id FROM cases WHERE id > \(afterCaseID) ORDER BY id LIMIT \(limit)", as: Int64.self)
        guard let upper = ids.last else { return (0, afterCaseID) }
        var current: (id: Int64, trackingID: String, events: [CaseEvent])?
        var count = 0
        func flush() async throws {
            guard let k = current else { return }
            guard let fact = CaseFact(trackingID: TrackingID(storedCanonical: k.trackingID), events: k.events) else {
                throw StoreError.unavailable("case \(k.trackingID) has no received event")
            }
            try await writeFact(fact, caseID: k.id, replacing: true, connection: c)
            count += 1
        }
        for row in try await c.rows("""
            SELECT c.id, c.tracking_id, e.at, e.actor, e.data FROM cases c JOIN case_events e ON e.case_id = c.id
            WHERE c.id > \(afterCaseID) AND c.id <= \(upper) ORDER BY c.id, e.seq
            """) {
            let (id, trackingID, at, actor, data) = try row.decode((Int64, String, Double, String, String).self)
            let event = CaseEvent(at: Date(stored: at), actor: actor, change: try SQLiteStore.change(data, decoder: decoder))
            if current?.id == id {
                current!.events.append(event)
            } else {
                try await flush()
                current = (id, trackingID, [event])
            }
        }
        try await flush()
        return (count, upper)
    }
}
