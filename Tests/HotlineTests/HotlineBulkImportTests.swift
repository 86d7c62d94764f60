import Foundation
import GRDB
import SiangTestSupport
import Testing
@testable import Hotline
import SiangCore
import SiangPipeline
@testable import SiangStore

/// A scattered log imported into an empty store with its indexes built at the end stores exactly
/// what the import that writes them as it goes stores: the same cases, events, report facts, SLA
/// columns, search words, call records and contacts, and the same indexes afterwards.
@Suite struct HotlineBulkImportTests {
    static let rows = 240
    static let texts = ["ไฟถนนดับทั้งซอย", "ถนนเป็นหลุมลึก", "น้ำประปาไม่ไหล", "ขยะไม่มีคนเก็บ", "เสียงดังรบกวนยามวิกาล", "สอบถามเวลาทำการ"]
    static let dispositions = ["complaint", "complaint", "complaint", "inquiry", "suggestion", "compliment", "dropped", "wrong_number"]

    /// Every row on a different day and hour, as in `bench/hotline_import.sh SCATTERED=1`, with
    /// some categories given by the operator and some callers who left no number.
    static func scatteredLog() -> String {
        var lines = ["เลขที่สาย,วันเวลา,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย"]
        for i in 0..<rows {
            let text = texts[i % texts.count]
            let when = String(format: "%02d/11/2569 %02d:%02d", 1 + (i * 7) % 28, 8 + i % 9, (i * 13) % 60)
            let phone = i % 5 == 0 ? "" : String(format: "08%08d", i)
            let caller = phone.isEmpty ? "" : "ผู้โทร \(i)"
            let category = i % 4 == 0 ? "road" : ""
            lines.append("B\(String(format: "%05d", i)),\(when),\(phone),\(caller),op\(i % 7),Q\(i % 3),\(category),\(text),\(text) บริเวณหมู่ \(i % 12),\(dispositions[i % dispositions.count])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func importer(_ store: SQLiteStore) throws -> HotlineImporter {
        let config = try SiangConfiguration.defaults()
        let triage = TriageEngine(configuration: config, classifier: LearningClassifier(try TextClassifier.shipped(taxonomy: config.taxonomy)),
                                  sla: try SLAService(configuration: config))
        var importer = HotlineImporter(pipeline: IntakePipeline(store: store, configuration: config, triage: triage), store: store)
        // Several batches, two of them in flight at once, as in a long file.
        importer.batchSize = 40
        return importer
    }

    static func freshStore(_ folder: TemporaryFolder, _ name: String) throws -> SQLiteStore {
        try SQLiteStore(path: folder.url.appendingPathComponent("\(name).sqlite").path, cipher: .forTests)
    }

    @Test func deferredIndexesStoreTheSameRowsAsIndexingAsTheRowsGo() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.scatteredLog())
        let asTheyGo = try Self.freshStore(folder, "as-they-go")
        let atTheEnd = try Self.freshStore(folder, "at-the-end")
        let plain = try await Self.importer(asTheyGo).importFile(path)
        let bulk = try await atTheEnd.withIndexesDeferredForBulkImport {
            // While the import runs the scattered indexes are gone and listed to be built, and the
            // search index, tracked views and report facts wait for the end.
            let listed = try await atTheEnd.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM deferred_indexes ORDER BY name") }
            #expect(listed == (DeferredIndexSchema.deferrable + DeferredIndexSchema.finishing.map(\.name)).sorted())
            let imported = try await Self.importer(atTheEnd).importFile(path)
            let searchable = try await atTheEnd.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH '\"ไฟถนน\"'")
            }
            #expect(searchable == 0, "no case indexed before the rebuild")
            // The duplicate check's read of a category's newest open cases still answers, off the
            // calling thread, while its index is dropped: the same cases as the store indexed as it went.
            let categories = try await asTheyGo.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT category FROM cases WHERE category IS NOT NULL") }
            #expect(!categories.isEmpty)
            for category in categories {
                func seen(_ store: SQLiteStore) async throws -> [String] {
                    try await store.recentOpenCases(category: category, since: .distantPast, limit: 50).map { "\($0.receivedAt.timeIntervalSince1970) \($0.text)" }.sorted()
                }
                #expect(try await seen(atTheEnd) == (try await seen(asTheyGo)), "\(category)")
            }
            return imported
        }
        // Worked out from the fixture: 6 of every 8 rows open a case, 2 (dropped, wrong number) do not.
        #expect(plain.imported == 180 && plain.skipped == 60 && plain.duplicates == 0 && plain.rejected.isEmpty)
        #expect(bulk == plain)

        let expected = try await Self.storedRows(asTheyGo)
        let got = try await Self.storedRows(atTheEnd)
        for table in expected.keys.sorted() {
            #expect(got[table] == expected[table], "\(table) differs")
        }
        #expect(expected["cases"]?.count == 180 && expected["hotline_calls"]?.count == 240)
        #expect(expected["case_search"]?.count == 180 && expected["report_case_facts"]?.count == 180)
        // Contacts are sealed with a fresh nonce each: compare them opened.
        for id in try await Self.trackingIDs(asTheyGo) {
            let callID = try #require(try await asTheyGo.record(id)?.externalRef)
            let other = try #require(try await atTheEnd.caseID(channel: .hotline, key: HotlineIntake.channelKey(callID)))
            #expect(try await atTheEnd.contact(of: other) == (try await asTheyGo.contact(of: id)))
        }
        // The indexes are back, whole, and none is left listed.
        #expect(try await Self.indexes(atTheEnd) == (try await Self.indexes(asTheyGo)))
        let (integrity, left) = try await atTheEnd.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "SELECT count(*) FROM deferred_indexes"))
        }
        #expect(integrity == "ok" && left == 0)
    }

    @Test func aStoreWithCasesKeepsItsIndexesAndAReRunAddsOnlyDuplicates() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.scatteredLog())
        let store = try Self.freshStore(folder, "store")
        let importer = try Self.importer(store)
        _ = try await store.withIndexesDeferredForBulkImport { try await importer.importFile(path) }
        let before = try await Self.storedRows(store)
        let again = try await store.withIndexesDeferredForBulkImport {
            let listed = try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM deferred_indexes") }
            #expect(listed == 0)
            return try await importer.importFile(path)
        }
        #expect(again.imported == 0 && again.skipped == 0 && again.duplicates == 240)
        #expect(try await Self.storedRows(store) == before)
    }

    @Test func anImportThatFailsStillBuildsTheIndexes() async throws {
        let folder = try TemporaryFolder()
        let store = try Self.freshStore(folder, "store")
        struct Interrupted: Error {}
        await #expect(throws: Interrupted.self) {
            try await store.withIndexesDeferredForBulkImport { () async throws -> Int in throw Interrupted() }
        }
        #expect(try await Self.indexes(store).isSuperset(of: DeferredIndexSchema.deferrable))
    }

    @Test func anImportKilledHalfwayHasItsIndexesBuiltWhenTheStoreIsOpenedAgain() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.scatteredLog())
        let file = folder.url.appendingPathComponent("store.sqlite").path
        do {
            // What a killed import leaves: its batches committed, the indexes dropped and listed.
            let store = try SQLiteStore(path: file, cipher: .forTests)
            #expect(try await store.write { db in try DeferredIndexSchema.deferIfEmpty(db) })
            _ = try await Self.importer(store).importFile(path)
            #expect(try await Self.indexes(store).isDisjoint(with: DeferredIndexSchema.deferrable))
        }
        let reopened = try SQLiteStore(path: file, cipher: .forTests)
        #expect(try await Self.indexes(reopened).isSuperset(of: DeferredIndexSchema.deferrable))
        let (containing, searchable) = try await reopened.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM cases WHERE text LIKE '%ไฟถ%'"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH 'ไฟถ'"))
        }
        // 1 row in 6 has the street-light text, 6 in 8 open a case: 30 of 240.
        #expect(containing == 30 && searchable == 30, "the search index rebuilt with every case")
        let (views, facts, staging) = try await reopened.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM case_tracking t JOIN cases c ON c.tracking_id = t.tracking_id"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM report_case_facts f JOIN cases c ON c.id = f.case_id AND c.received_at = f.received_at"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name LIKE 'staged%'"))
        }
        #expect(views == 180 && facts == 180 && staging.isEmpty, "every case's tracked view and report fact in place, the staging gone")
        let someCase = try #require(try await Self.trackingIDs(reopened).first)
        #expect(try await reopened.trackedCase(someCase)?.view.trackingID == someCase)
        let (integrity, left) = try await reopened.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "SELECT count(*) FROM deferred_indexes"))
        }
        #expect(integrity == "ok" && left == 0)
    }

    @Test func theEndPutsOneThingInPlaceATransactionTheSearchIndexFirst() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.scatteredLog())
        // Eight more calls of other IDs (six open a case), imported after the first step of the end.
        let more = Self.scatteredLog().split(separator: "\n").prefix(9).joined(separator: "\n").replacingOccurrences(of: "\nB", with: "\nX") + "\n"
        let laterPath = try folder.write("later.csv", more)
        let store = try Self.freshStore(folder, "store")
        #expect(try await store.write { db in try DeferredIndexSchema.deferIfEmpty(db) })
        _ = try await Self.importer(store).importFile(path)

        // The search index's entry is what tells a writer to stage, so it goes first: no writer can
        // then stage into a table the copies after it drop. Then the views, the facts, the indexes.
        let pending = try await store.pool.read { db in try DeferredIndexSchema.pending(db) }
        #expect(pending == ["case_search", "case_tracking", "report_case_facts"] + DeferredIndexSchema.deferrable.sorted())
        try await store.write { db in try DeferredIndexSchema.build("case_search", db) }
        let (staging, staged) = try await store.pool.read { db in
            (try DeferredIndexSchema.stagingBulkImport(db), try Int.fetchOne(db, sql: "SELECT count(*) FROM staged_case_tracking"))
        }
        #expect(!staging && staged == 180, "the staged views still wait, but nothing is staged any more")

        // Between two steps another writer commits, and its cases are in place at once.
        let later = try await Self.importer(store).importFile(laterPath)
        #expect(later.imported == 6)
        let lateCase = try #require(try await store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT tracking_id FROM cases WHERE external_ref LIKE 'X%' LIMIT 1")
        }.map { try TrackingID(from: $0) })
        #expect(try await store.trackedCase(lateCase)?.view.trackingID == lateCase)
        let (searchable, stagedAfter) = try await store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH 'ไฟถ'"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM staged_case_tracking"))
        }
        // Street lights: 30 of the first 240 rows' cases and 1 of the 8 later ones (row 0 is a
        // complaint; row 6, the other street-light call, was dropped and opened none).
        #expect(searchable == 31 && stagedAfter == 180)

        // A step another process finished already is passed over.
        try await store.write { db in try DeferredIndexSchema.build("case_search", db) }
        try await store.buildDeferredIndexes()
        let (views, facts, left, integrity) = try await store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM case_tracking t JOIN cases c ON c.tracking_id = t.tracking_id"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM report_case_facts f JOIN cases c ON c.id = f.case_id"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM deferred_indexes"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(views == 186 && facts == 186 && left == 0 && integrity == "ok")
        #expect(try await Self.indexes(store).isSuperset(of: DeferredIndexSchema.deferrable))
        // The builds sorted in temporary files; the writer is back to keeping its temporary storage
        // (statement journals) in memory: 2 is MEMORY.
        #expect(try await store.write { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 2)
    }

    // MARK: - Reading the stores back

    static func indexes(_ store: SQLiteStore) async throws -> Set<String> {
        Set(try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") })
    }

    static func trackingIDs(_ store: SQLiteStore) async throws -> [TrackingID] {
        try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT tracking_id FROM cases") }.map { try TrackingID(from: $0) }
    }

    /// Every stored row of the tables an import writes, as sorted text, with what differs by chance
    /// alone put aside: tracking IDs (random) and case row ids (the order two batches commit in)
    /// become the call's ID, and sealed contact columns (a fresh nonce each) are left out.
    static func storedRows(_ store: SQLiteStore) async throws -> [String: [String]] {
        try await store.pool.read { db in
            var callOfCase: [Int64: String] = [:]
            var callOfTrackingID: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, tracking_id, external_ref FROM cases") {
                callOfCase[row["id"]] = row["external_ref"]
                callOfTrackingID[row["tracking_id"]] = row["external_ref"]
            }
            let queries = [
                "cases": "SELECT * FROM cases",
                "case_events": "SELECT * FROM case_events",
                "report_case_facts": "SELECT * FROM report_case_facts",
                "channel_keys": "SELECT * FROM channel_keys",
                "hotline_calls": "SELECT * FROM hotline_calls",
                "case_contacts": "SELECT case_id, consent, phone_key, email_key, line_user_key FROM case_contacts",
                "case_search": "SELECT rowid AS case_id, subject, text FROM case_search",
                "outbox": "SELECT * FROM outbox",
            ]
            var out: [String: [String]] = [:]
            for (table, sql) in queries {
                out[table] = try Row.fetchAll(db, sql: sql).map { row in
                    row.columnNames.filter { !($0 == "id" && table != "cases") }.map { column -> String in
                        let value = row[column] as DatabaseValue
                        if column == "case_id" || (column == "id" && table == "cases"), let id = Int64.fromDatabaseValue(value) {
                            return "\(column)=case of \(callOfCase[id] ?? "?")"
                        }
                        var text = value.description
                        for (trackingID, callID) in callOfTrackingID where text.contains(trackingID) {
                            text = text.replacingOccurrences(of: trackingID, with: "tracking ID of \(callID)")
                        }
                        return "\(column)=\(text)"
                    }.joined(separator: " | ")
                }.sorted()
            }
            return out
        }
    }
}
