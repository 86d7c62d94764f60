import Foundation
import SiangCore
import SiangReports

/// A report period as it is named in a URL (`monthly/2025-10`, `quarter/2569-Q1`, `fy/2569`), read by
/// the engine's own parser (``PeriodKey``) before anything is computed: a malformed name is the
/// caller's mistake (422, with the engine's words for what was expected), a period that has not begun
/// has no report yet (404).
struct ReportPeriodRef: Sendable, Hashable {
    enum Kind: String, CaseIterable, Sendable {
        case monthly, quarter, fy

        var reportKind: ReportPeriod.Kind {
            switch self {
            case .monthly: .month
            case .quarter: .quarter
            case .fy: .fiscalYear
            }
        }
    }
    var kind: Kind
    var key: PeriodKey

    /// `2025-10` (CE month), `2569-Q1`, `2569` (BE fiscal year), as DESIGN.md 5.7 names them.
    var id: String { key.id }
    var start: Date { key.from }
    /// The URL segment (`monthly`, `quarter`, `fy`).
    var segment: String { kind.rawValue }

    enum Problem: Error, Equatable {
        case unknownKind
        /// The engine's words for what was expected.
        case malformed(String)
        case notBegun
    }

    /// Parses a period name; `now` decides whether it has begun.
    static func parse(kind rawKind: String, id raw: String, now: Date) throws(Problem) -> ReportPeriodRef {
        guard let kind = Kind(rawValue: rawKind) else { throw .unknownKind }
        let key: PeriodKey
        do { key = try PeriodKey.parse(raw, kind: kind.reportKind) } catch {
            if case .period(let why) = error { throw .malformed(why) }
            throw .malformed(error.description)
        }
        guard key.from <= now else { throw .notBegun }
        return ReportPeriodRef(kind: kind, key: key)
    }

    /// The month of a lock or restatement form; only months can be locked.
    static func month(_ raw: String, now: Date) throws(Problem) -> ReportPeriodRef {
        try parse(kind: Kind.monthly.rawValue, id: raw, now: now)
    }

    /// The period shown when the page is opened without one: the month that is running.
    static func current(now: Date) -> ReportPeriodRef {
        ReportPeriodRef(kind: .monthly, key: .month(FiscalMonth(containing: now)))
    }
}

/// The choices of the three pickers: every month, quarter and fiscal year from the start of the
/// fiscal year two before the current one up to now (three fiscal years, the PMQA trend), newest first,
/// named in Thai with BE years or in English.
struct ReportPickers {
    struct Option { var id: String; var label: String }
    var months: [Option] = []
    var quarters: [Option] = []
    var years: [Option] = []

    init(now: Date, language: Language, yearsBack: Int = 2) {
        let current = FiscalYear(containing: now)
        for be in (current.beYear - yearsBack...current.beYear).reversed() {
            let year = FiscalYear(beYear: be)
            years.append(Option(id: "\(be)", label: language == .th ? "ปีงบประมาณ พ.ศ. \(be)" : "Fiscal year \(be) (BE)"))
            for q in (1...4).reversed() {
                let key = PeriodKey.quarter(year, q)
                if key.from <= now { quarters.append(Option(id: key.id, label: language == .th ? key.labelTh : "Q\(q) of fiscal year \(be)")) }
            }
            for n in (1...12).reversed() {
                let key = PeriodKey.month(FiscalMonth(year: year, number: n))
                if key.from <= now { months.append(Option(id: key.id, label: ThaiDateFormatter.month(FiscalMonth(year: year, number: n), language))) }
            }
        }
    }
}
