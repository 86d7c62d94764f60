import Foundation
import Testing
@testable import SiangCore
@testable import SiangStore

/// The improvement log kept whole: an entry and its audit line in one transaction, a change that
/// replaces every field and is audited too, and nothing written for a draft the store refuses; on
/// both stores (``StoreKind``).
@Suite struct ImprovementStoreTests {
    let recorded = Date(timeIntervalSince1970: 1_773_630_000)  // 2026-03-16T10:00:00+07:00
    let changed = Date(timeIntervalSince1970: 1_773_716_400)

    var draft: ImprovementDraft {
        ImprovementDraft(date: ImprovementDay("2026-03-15")!, title: "  ลดขั้นตอนการรับเรื่องน้ำประปา ",
                         triggers: ImprovementTriggers(categories: ["water", "water"], reasonCodes: ["slow"],
                                                       metricIds: ["resolved_within_sla_pct"]),
                         action: "ตั้งทีมตอบกลับภายในวันเดียว", owningUnit: "กองการประปา", learningLevel: .pdca)
    }

    @Test(arguments: StoreKind.allCases) func anAddedEntryReadsBackTrimmedWithItsAuditLine(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let entry = try await store.addImprovement(draft, actor: "staff:analyst1", at: recorded)
        #expect(entry.id == 1)
        #expect(entry.title == "ลดขั้นตอนการรับเรื่องน้ำประปา")
        #expect(entry.triggers == ImprovementTriggers(categories: ["water"], reasonCodes: ["slow"], metricIds: ["resolved_within_sla_pct"]))
        #expect(entry.recordedAt == recorded && entry.updatedAt == recorded)
        #expect(try await store.improvement(id: 1) == entry)
        #expect(try await store.improvementAudit(id: 1) == [AuditEntry(at: recorded, actor: "staff:analyst1", action: "improvement.add", trackingID: nil)])
        let second = try await store.addImprovement(draft, actor: "staff:analyst1", at: recorded)
        #expect(second.id == 2)
    }

    @Test(arguments: StoreKind.allCases) func anUpdateReplacesTheFieldsKeepsTheRecordedTimeAndIsAudited(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let entry = try await store.addImprovement(draft, actor: "staff:a", at: recorded)
        var next = draft
        next.learningLevel = .sharing
        next.triggers = ImprovementTriggers(servicePoint: "counter1")
        let updated = try await store.updateImprovement(id: entry.id, to: next, expectedUpdatedAt: entry.updatedAt, actor: "staff:b", at: changed)
        #expect(updated.learningLevel == .sharing && updated.triggers == ImprovementTriggers(servicePoint: "counter1"))
        #expect(updated.recordedAt == recorded && updated.updatedAt == changed)
        #expect(try await store.improvementAudit(id: entry.id).map(\.action) == ["improvement.add", "improvement.update"])
        #expect(try await store.improvementAudit(id: entry.id).map(\.actor) == ["staff:a", "staff:b"])
    }

    @Test(arguments: StoreKind.allCases) func aStaleUpdateIsAConflictAndChangesNothing(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let entry = try await store.addImprovement(draft, actor: "staff:a", at: recorded)
        _ = try await store.updateImprovement(id: entry.id, to: draft, actor: "staff:b", at: changed)
        var next = draft
        next.title = "ชื่อใหม่"
        await #expect(throws: StoreError.concurrentChange) {
            try await store.updateImprovement(id: entry.id, to: next, expectedUpdatedAt: recorded, actor: "staff:c", at: changed)
        }
        #expect(try await store.improvement(id: entry.id)?.title == "ลดขั้นตอนการรับเรื่องน้ำประปา")
        #expect(try await store.improvementAudit(id: entry.id).count == 2)
    }

    @Test(arguments: StoreKind.allCases) func anUnknownEntryIsNotFound(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        #expect(try await store.improvement(id: 7) == nil)
        await #expect(throws: StoreError.notFound) { try await store.updateImprovement(id: 7, to: draft, actor: "staff:a", at: changed) }
        #expect(try await store.improvementAudit(id: 7).isEmpty)
    }

    @Test(arguments: StoreKind.allCases, [
        ("title", "the title is empty"), ("action", "the action is empty"), ("unit", "the owning unit is empty"),
        ("triggers", "an improvement needs at least one trigger: a category, a reason code, a metric or a service point"),
        ("long", "the title is longer than 200 characters"),
    ])
    func aBadDraftIsRefusedAndNothingIsWritten(_ kind: StoreKind, _ check: (field: String, why: String)) async throws {
        let (field, why) = check
        let store = try await freshStore(kind)
        var bad = draft
        switch field {
        case "title": bad.title = "   "
        case "action": bad.action = ""
        case "unit": bad.owningUnit = "\n"
        case "triggers": bad.triggers = ImprovementTriggers(categories: [" "], servicePoint: " ")
        default: bad.title = String(repeating: "ก", count: 201)
        }
        await #expect(throws: StoreError.invalid(why)) { try await store.addImprovement(bad, actor: "staff:a", at: recorded) }
        #expect(try await store.improvements(from: nil, to: nil).isEmpty)
        let entry = try await store.addImprovement(draft, actor: "staff:a", at: recorded)
        await #expect(throws: StoreError.invalid(why)) { try await store.updateImprovement(id: entry.id, to: bad, actor: "staff:b", at: changed) }
        #expect(try await store.improvement(id: entry.id) == entry)
        #expect(try await store.improvementAudit(id: entry.id).count == 1)
    }

    @Test(arguments: StoreKind.allCases) func entriesAreListedByDateWithinTheRangeGiven(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        for day in ["2026-09-30", "2025-10-01", "2025-09-30", "2026-10-01", "2025-10-01"] {
            var d = draft
            d.date = ImprovementDay(day)!
            _ = try await store.addImprovement(d, actor: "staff:a", at: recorded)
        }
        let fy2569 = try await store.improvements(from: ImprovementDay("2025-10-01"), to: ImprovementDay("2026-09-30"))
        #expect(fy2569.map(\.id) == [2, 5, 1])
        #expect(try await store.improvements(from: nil, to: ImprovementDay("2025-10-01")).map(\.id) == [3, 2, 5])
        #expect(try await store.improvements(from: nil, to: nil).count == 5)
    }
}
