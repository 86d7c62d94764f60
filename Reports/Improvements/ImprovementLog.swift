import Foundation
import SiangCore
import SiangStore

/// The improvement log as its callers use it (the command line, the API, the staff pages, the
/// evidence pack and the scoring-core export): entries read from the store with their before/after
/// values computed now by the report engine, and entries written after their input is checked
/// against the configuration and the metric catalog.
///
/// Build one per request or command with the store, the configuration's vocabulary, the catalog and
/// the SLA calendar and policy (which the SLA metrics need), then call ``assessed(fiscalYear:now:)``.
public struct ImprovementLog: Sendable {
    public typealias Store = ImprovementStore & ReportStore & SurveyStore

    public let store: any Store
    public let vocabulary: ImprovementVocabulary
    public let catalog: MetricCatalog
    public let calendar: BusinessCalendar
    public let policy: SLAPolicy

    public init(store: any Store, vocabulary: ImprovementVocabulary, catalog: MetricCatalog, calendar: BusinessCalendar,
                policy: SLAPolicy) {
        self.store = store
        self.vocabulary = vocabulary
        self.catalog = catalog
        self.calendar = calendar
        self.policy = policy
    }

    /// What went wrong, for the caller to answer in its own words (HTTP status, exit code).
    public enum Failure: Error, Sendable, Equatable {
        case invalid(ImprovementProblems)
        case notFound
        /// The entry was changed by someone else since the caller read it.
        case conflict
        case store(StoreError)
    }

    // MARK: Reading

    /// The entries dated in `[from, to]` (either end open when nil) with their effects as of `now`.
    public func assessed(from: ImprovementDay?, to: ImprovementDay?, now: Date) async throws(Failure) -> [AssessedImprovement] {
        try await assess(try await stored { () async throws(StoreError) in try await store.improvements(from: from, to: to) }, now: now)
    }

    /// The entries dated in Buddhist Era fiscal year `fiscalYear` (1 October to 30 September).
    public func assessed(fiscalYear: Int, now: Date) async throws(Failure) -> [AssessedImprovement] {
        let range = Self.days(ofFiscalYear: fiscalYear)
        return try await assessed(from: range.first, to: range.last, now: now)
    }

    public func assessed(id: Int64, now: Date) async throws(Failure) -> AssessedImprovement {
        guard let entry = try await stored({ () async throws(StoreError) in try await store.improvement(id: id) }) else { throw .notFound }
        return try await assess([entry], now: now)[0]
    }

    /// The Buddhist Era fiscal years whose days an ``ImprovementDay`` holds (CE 2000-10-01 to 2999-09-30);
    /// a fiscal year from outside is refused before it reaches ``days(ofFiscalYear:)``.
    public static let fiscalYears = 2544...3542

    /// 1 October (CE year BE−544) to 30 September (CE year BE−543); `beYear` is in ``fiscalYears``.
    public static func days(ofFiscalYear beYear: Int) -> (first: ImprovementDay, last: ImprovementDay) {
        let ce = BangkokTime.ceYear(ofBE: beYear)
        return (ImprovementDay(String(format: "%04d-10-01", ce - 1))!, ImprovementDay(String(format: "%04d-09-30", ce))!)
    }

    /// Computes the effects of `entries` from the store's facts as of `now`.
    public func assess(_ entries: [Improvement], now: Date) async throws(Failure) -> [AssessedImprovement] {
        var inputs = ReportInputs(cases: [], answers: [], invitations: [], targets: .empty, catalog: catalog, calendar: calendar,
                                  policy: policy, agency: ReportAgency(nameTh: "", nameEn: ""))
        if let upTo = ImprovementEffects.factsNeeded(for: entries, now: now) {
            // The engine wants everything at or before its instant; the store reads before one.
            let end = Date(timeIntervalSince1970: upTo.timeIntervalSince1970.nextUp)
            inputs.caseColumns = try await stored { () async throws(StoreError) in try await store.caseFactColumns(receivedBefore: end) }
            inputs.answerColumns = try await stored { () async throws(StoreError) in
                try await store.surveyFactColumns(from: .distantPast, to: end)
            }
            inputs.invitations = try await stored { () async throws(StoreError) in
                try await store.surveyInvitationFacts(from: .distantPast, to: end)
            }
        }
        return ImprovementEffects.assess(entries, inputs: inputs, now: now)
    }

    // MARK: Writing

    /// Checks `input` and stores it as a new entry (audited as `improvement.add`).
    public func add(_ input: ImprovementInput, actor: String, now: Date) async throws(Failure) -> AssessedImprovement {
        let draft = try checked(input)
        let entry = try await stored { () async throws(StoreError) in try await store.addImprovement(draft, actor: actor, at: now) }
        return try await assess([entry], now: now)[0]
    }

    /// Replaces entry `id` with `change(stored input)` (audited as `improvement.update`); `expectedVersion`
    /// (``Improvement/version``) refuses the change when someone else changed the entry first. `change`
    /// returns the problems it met reading its own input (a field of the wrong type), which refuse the change.
    public func update(id: Int64, expectedVersion: Int64?, actor: String, now: Date,
                       change: (inout ImprovementInput) -> [FieldError]) async throws(Failure) -> AssessedImprovement {
        guard let current = try await stored({ () async throws(StoreError) in try await store.improvement(id: id) }) else { throw .notFound }
        if let expectedVersion, expectedVersion != current.version { throw .conflict }
        var input = ImprovementInput(current)
        let problems = change(&input)
        guard problems.isEmpty else { throw .invalid(ImprovementProblems(fields: problems)) }
        let draft = try checked(input)
        let entry = try await stored { () async throws(StoreError) in
            try await store.updateImprovement(id: id, to: draft, expectedUpdatedAt: current.updatedAt, actor: actor, at: now)
        }
        return try await assess([entry], now: now)[0]
    }

    func checked(_ input: ImprovementInput) throws(Failure) -> ImprovementDraft {
        switch input.draft(vocabulary) {
        case .success(let draft): return draft
        case .failure(let problems): throw .invalid(problems)
        }
    }

    func stored<T>(_ work: () async throws(StoreError) -> T) async throws(Failure) -> T {
        do { return try await work() } catch {
            switch error {
            case .notFound: throw .notFound
            case .concurrentChange: throw .conflict
            case .invalid(let why): throw .invalid(ImprovementProblems(fields: [FieldError("improvement", .invalid, th: why, en: why)]))
            default: throw .store(error)
            }
        }
    }
}
