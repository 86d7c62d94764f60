import Foundation
import SiangCore

/// A report period as it is named in a URL (`monthly/2025-10`, `quarter/2569-Q1`, `fy/2569`) and in
/// the pickers, checked before anything is computed: a malformed name is the caller's mistake (422),
/// a period that has not begun has no report yet (404).
struct ReportPeriodRef: Sendable, Hashable {
    enum Kind: String, CaseIterable, Sendable {
        case monthly, quarter, fy
    }
    var kind: Kind
    /// `2025-10` (CE month), `2569-Q1`, `2569` (BE fiscal year), as DESIGN.md 5.7 names them.
    var id: String
    var start: Date
    var fiscalYear: FiscalYear

    /// The URL segment (`monthly`, `quarter`, `fy`).
    var segment: String { kind.rawValue }

    enum Problem: Error, Equatable {
        case unknownKind
        case malformed
        case notBegun
    }

    /// Parses a period name; `now` decides whether it has begun.
    static func parse(kind rawKind: String, id raw: String, now: Date) throws(Problem) -> ReportPeriodRef {
        guard let kind = Kind(rawValue: rawKind) else { throw .unknownKind }
        let id = raw.trimmingCharacters(in: .whitespaces)
        let ref: ReportPeriodRef
        switch kind {
        case .monthly:
            let parts = id.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                  (1900...2200).contains(year), (1...12).contains(month) else { throw .malformed }
            let fiscal = FiscalMonth(containing: BangkokTime.calendar.date(from: DateComponents(year: year, month: month, day: 15))!)
            ref = ReportPeriodRef(kind: .monthly, id: id, start: fiscal.start, fiscalYear: fiscal.year)
        case .quarter:
            let parts = id.uppercased().split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, let be = Int(parts[0]), (2443...2743).contains(be), parts[1].count == 2,
                  parts[1].first == "Q", let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { throw .malformed }
            let year = FiscalYear(beYear: be)
            ref = ReportPeriodRef(kind: .quarter, id: "\(be)-Q\(q)", start: FiscalMonth(year: year, number: 3 * (q - 1) + 1).start, fiscalYear: year)
        case .fy:
            guard id.count == 4, let be = Int(id), (2443...2743).contains(be) else { throw .malformed }
            ref = ReportPeriodRef(kind: .fy, id: id, start: FiscalYear(beYear: be).start, fiscalYear: FiscalYear(beYear: be))
        }
        guard ref.start <= now else { throw .notBegun }
        return ref
    }

    /// The month of a lock or restatement form; only months can be locked.
    static func month(_ raw: String, now: Date) throws(Problem) -> ReportPeriodRef {
        try parse(kind: Kind.monthly.rawValue, id: raw, now: now)
    }

    /// The period shown when the page is opened without one: the month that is running.
    static func current(now: Date) -> ReportPeriodRef {
        let month = FiscalMonth(containing: now)
        return ReportPeriodRef(kind: .monthly, id: monthID(month), start: month.start, fiscalYear: month.year)
    }

    static func monthID(_ month: FiscalMonth) -> String {
        String(format: "%04d-%02d", month.calendarYear, month.calendarMonth)
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
            for q in (1...4).reversed() where FiscalMonth(year: year, number: 3 * (q - 1) + 1).start <= now {
                quarters.append(Option(id: "\(be)-Q\(q)", label: language == .th ? "ไตรมาส \(q) ปีงบประมาณ \(be)" : "Q\(q) of fiscal year \(be)"))
            }
            for n in (1...12).reversed() {
                let month = FiscalMonth(year: year, number: n)
                guard month.start <= now else { continue }
                months.append(Option(id: ReportPeriodRef.monthID(month), label: ThaiDateFormatter.month(month, language)))
            }
        }
    }
}
