import Foundation
import Testing
import SiangCore
import SiangStore
@testable import SiangReports

/// Before/after values of improvements worked out by hand on a small fixture: three months before
/// the month of the date and three after, each one period (a ratio of sums), null until the window
/// has ended or when its denominator is empty, and moved by a late case.
@Suite struct ImprovementEffectsTests {
    typealias F = ReportFixture

    static func entry(_ id: Int64, _ day: String, metrics: [String]) -> Improvement {
        Improvement(id: id, date: ImprovementDay(day)!, title: "ปรับปรุง", triggers: ImprovementTriggers(metricIds: metrics),
                    action: "ทำ", owningUnit: "กอง", learningLevel: .pdca, recordedAt: F.bkk(2026, 1, 16), updatedAt: F.bkk(2026, 1, 16))
    }

    /// October: two complaints resolved. November: one resolved. December: one still open at 1 January
    /// (resolved on 10 January) and one rejected (out of the denominator). January (the transition
    /// month of an entry dated 15 January): one resolved. February: one resolved; 30 April: one open;
    /// 1 May: one resolved.
    static var cases: [CaseFact] {
        [
            F.fact(1, received: F.bkk(2025, 10, 6, 10), [(.resolved, F.bkk(2025, 10, 10, 10))]),
            F.fact(2, received: F.bkk(2025, 10, 20, 10), [(.resolved, F.bkk(2025, 10, 21, 10))]),
            F.fact(3, received: F.bkk(2025, 11, 3, 10), [(.resolved, F.bkk(2025, 11, 5, 10))]),
            F.fact(4, received: F.bkk(2025, 12, 1, 10), [(.inProgress, F.bkk(2025, 12, 2, 10)), (.resolved, F.bkk(2026, 1, 10, 10))]),
            F.fact(5, received: F.bkk(2025, 12, 2, 10), [(.rejected, F.bkk(2025, 12, 3, 10))]),
            F.fact(6, received: F.bkk(2026, 1, 5, 10), [(.resolved, F.bkk(2026, 1, 6, 10))]),
            F.fact(7, received: F.bkk(2026, 2, 2, 10), [(.resolved, F.bkk(2026, 2, 4, 10))]),
            F.fact(8, received: F.bkk(2026, 4, 30, 23)),
            F.fact(9, received: F.bkk(2026, 5, 1, 0), [(.resolved, F.bkk(2026, 5, 2, 10))]),
        ]
    }

    @Test func windowsAreTheThreeWholeMonthsEitherSideOfTheMonthOfTheDate() {
        let january = ImprovementWindows(day: ImprovementDay("2026-01-15")!)
        #expect([january.before.fromMonth, january.before.toMonth, january.after.fromMonth, january.after.toMonth]
                == ["2025-10", "2025-12", "2026-02", "2026-04"])
        #expect(january.before.from == F.bkk(2025, 10, 1) && january.before.to == F.bkk(2026, 1, 1))
        #expect(january.after.from == F.bkk(2026, 2, 1) && january.after.to == F.bkk(2026, 5, 1))
        let march = ImprovementWindows(day: ImprovementDay("2025-03-31")!)
        #expect([march.before.fromMonth, march.before.toMonth, march.after.fromMonth, march.after.toMonth]
                == ["2024-12", "2025-02", "2025-04", "2025-06"])
    }

    @Test func aShareIsTheRatioOfTheWindowsSumsNotAMeanOfMonthlyShares() throws {
        let inputs = try F.inputs(cases: Self.cases)
        let now = F.bkk(2026, 6, 1)
        let effect = ImprovementEffects.assess([Self.entry(1, "2026-01-15", metrics: ["complaints_resolved_pct"])], inputs: inputs, now: now)[0].effects[0]
        // Before (Oct-Dec): finished 1, 2, 3 of 1, 2, 3, 4 (5 rejected) = 3 / 4 = 75, where the mean of the
        // monthly shares would be (100 + 100 + 0) / 3. After (Feb-Apr): 7 of 7, 8 = 1 / 2 = 50.
        #expect(effect.before == ImprovementWindow(fromMonth: "2025-10", toMonth: "2025-12", value: 75, denominator: 4))
        #expect(effect.after == ImprovementWindow(fromMonth: "2026-02", toMonth: "2026-04", value: 50, denominator: 2))
        #expect(effect.isComplete)
        // October to December is fiscal Q1 2569: the engine's quarter says the same.
        #expect(try F.report(.quarter, "2569-Q1", inputs, now: now).value("complaints_resolved_pct") == 75)
    }

    @Test func aWindowNotYetEndedIsNull() throws {
        let inputs = try F.inputs(cases: Self.cases)
        // Dated 10 April: before is January-March, after May-July, which has not ended on 1 June.
        let effect = ImprovementEffects.assess([Self.entry(2, "2026-04-10", metrics: ["complaints_resolved_pct"])], inputs: inputs,
                                               now: F.bkk(2026, 6, 1))[0].effects[0]
        // January: 6 resolved; February: 7 resolved; 4 was received in December, outside.
        #expect(effect.before == ImprovementWindow(fromMonth: "2026-01", toMonth: "2026-03", value: 100, denominator: 2))
        #expect(effect.after == ImprovementWindow(fromMonth: "2026-05", toMonth: "2026-07", value: nil, denominator: nil))
        #expect(!effect.isComplete)
        // One second before the before window ends, it too is null.
        let early = ImprovementEffects.assess([Self.entry(2, "2026-04-10", metrics: ["complaints_resolved_pct"])], inputs: inputs,
                                              now: F.bkk(2026, 4, 1).addingTimeInterval(-1))[0].effects[0]
        #expect(early.before.value == nil && early.before.denominator == nil)
    }

    @Test func anEmptyDenominatorAndAManualMetricAreNull() throws {
        let inputs = try F.inputs(cases: Self.cases)
        let effects = ImprovementEffects.assess([Self.entry(3, "2026-01-15", metrics: ["satisfaction_pct", "digital_services_pct", "cases_received"])],
                                                inputs: inputs, now: F.bkk(2026, 6, 1))[0].effects
        #expect(effects.map(\.metricId) == ["satisfaction_pct", "digital_services_pct", "cases_received"])
        // No survey answers at all: an empty denominator.
        #expect(effects[0].before.value == nil && effects[0].before.denominator == 0)
        #expect(effects[0].after.value == nil && effects[0].after.denominator == 0)
        // A manual metric is entered per fiscal year and has no three-month value.
        #expect(effects[1].before.value == nil && effects[1].after.value == nil)
        // A count: cases 1-5 before (the rejected one counts), 7 and 8 after; no denominator.
        #expect(effects[2].before == ImprovementWindow(fromMonth: "2025-10", toMonth: "2025-12", value: 5, denominator: nil))
        #expect(effects[2].after.value == 2)
    }

    @Test func aLateCaseChangesTheValueTheNextTimeItIsRead() throws {
        let entry = Self.entry(1, "2026-01-15", metrics: ["complaints_resolved_pct"])
        let now = F.bkk(2026, 6, 1)
        let late = F.fact(10, received: F.bkk(2025, 11, 20, 9))  // a hotline log imported in May, still open
        let effect = ImprovementEffects.assess([entry], inputs: try F.inputs(cases: Self.cases + [late]), now: now)[0].effects[0]
        #expect(effect.before.value == 60 && effect.before.denominator == 5)
        #expect(effect.after.value == 50)
    }

    @Test func aReclassifiedCaseMovesTheValueItsCurrentKindBelongsTo() throws {
        let entry = Self.entry(1, "2026-01-15", metrics: ["complaints_resolved_pct"])
        var cases = Self.cases
        // Case 4 (December, open at the window's end) turns out to be a suggestion: it leaves the
        // complaints, so the before window is 3 of 3.
        cases[3].kind = .suggestion
        let effect = ImprovementEffects.assess([entry], inputs: try F.inputs(cases: cases), now: F.bkk(2026, 6, 1))[0].effects[0]
        #expect(effect.before.value == 100 && effect.before.denominator == 3)
    }

    @Test func theJSONIsTheAgreedShape() throws {
        let assessed = ImprovementEffects.assess([Self.entry(4, "2026-01-15", metrics: ["complaints_resolved_pct", "satisfaction_pct"])],
                                                 inputs: try F.inputs(cases: Self.cases), now: F.bkk(2026, 6, 1))[0]
        #expect(ImprovementJSON.encode(assessed) == """
            {"action":"ทำ","date":"2026-01-15","effects":[\
            {"after":{"denominator":2,"fromMonth":"2026-02","toMonth":"2026-04","value":50},"before":{"denominator":4,"fromMonth":"2025-10","toMonth":"2025-12","value":75},"metricId":"complaints_resolved_pct"},\
            {"after":{"denominator":0,"fromMonth":"2026-02","toMonth":"2026-04","value":null},"before":{"denominator":0,"fromMonth":"2025-10","toMonth":"2025-12","value":null},"metricId":"satisfaction_pct"}],\
            "id":4,"learningLevel":"pdca","owningUnit":"กอง","recordedAt":"2026-01-16T00:00:00+07:00","title":"ปรับปรุง",\
            "triggers":{"categories":[],"metricIds":["complaints_resolved_pct","satisfaction_pct"],"reasonCodes":[],"servicePoint":null},\
            "updatedAt":"2026-01-16T00:00:00+07:00"}
            """)
    }

    @Test func inputIsCheckedAgainstTheConfigurationAndTheCatalog() throws {
        let vocabulary = ImprovementVocabulary(configuration: try SiangConfiguration.defaults(), catalog: try MetricCatalog.load())
        let category = vocabulary.categories[0].code
        var input = ImprovementInput(date: "2026-02-30", title: " ", action: "ทำ", owningUnit: "กอง", learningLevel: "kaizen",
                                     categories: [category, "no_such_category"], metricIds: ["no_such_metric"], servicePoint: "nowhere")
        guard case .failure(let problems) = input.draft(vocabulary) else { Issue.record("accepted"); return }
        #expect(problems.fields.map(\.field) == ["date", "title", "learningLevel", "triggers.categories", "triggers.metricIds", "triggers.servicePoint"])
        input = ImprovementInput(date: "2026-02-28", title: "t", action: "a", owningUnit: "u", learningLevel: "innovation")
        guard case .failure(let none) = input.draft(vocabulary) else { Issue.record("accepted without a trigger"); return }
        #expect(none.fields.map(\.field) == ["triggers"])
        input.categories = [category]
        input.metricIds = ["digital_services_pct"]
        guard case .success(let draft) = input.draft(vocabulary) else { Issue.record("refused"); return }
        #expect(draft.date.description == "2026-02-28" && draft.learningLevel == .innovation && draft.triggers.categories == [category])
    }
}
