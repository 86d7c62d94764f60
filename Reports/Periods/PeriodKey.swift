import Foundation
import SiangCore

/// A report period without its as-of instant: a fiscal month, a fiscal quarter or a fiscal year, with
/// its id, its half-open Bangkok interval `[from, to)` and its names (DESIGN.md 5.7).
///
/// Months are named by their Common Era ISO month (`2025-10`) because that is how a spreadsheet and a
/// command line write them; quarters and years by the Buddhist Era fiscal year (`2569-Q1`, `2569`)
/// because that is how a Thai budget document writes them.
public enum PeriodKey: Hashable, Sendable, CustomStringConvertible {
    case month(FiscalMonth)
    /// Fiscal quarter 1...4 (Q1 = October to December).
    case quarter(FiscalYear, Int)
    case fiscalYear(FiscalYear)

    public var kind: ReportPeriod.Kind {
        switch self {
        case .month: .month
        case .quarter: .quarter
        case .fiscalYear: .fiscalYear
        }
    }

    public var fiscalYear: FiscalYear {
        switch self {
        case .month(let m): m.year
        case .quarter(let y, _), .fiscalYear(let y): y
        }
    }

    /// The fiscal months the period covers, in order.
    public var months: [FiscalMonth] {
        switch self {
        case .month(let m): [m]
        case .quarter(let y, let q): (1...3).map { FiscalMonth(year: y, number: (q - 1) * 3 + $0) }
        case .fiscalYear(let y): (1...12).map { FiscalMonth(year: y, number: $0) }
        }
    }

    public var from: Date { months[0].start }
    public var to: Date { months[months.count - 1].end }

    /// `2025-10`, `2569-Q1`, `2569`.
    public var id: String {
        switch self {
        case .month(let m): String(format: "%04d-%02d", m.calendarYear, m.calendarMonth)
        case .quarter(let y, let q): "\(y.beYear)-Q\(q)"
        case .fiscalYear(let y): "\(y.beYear)"
        }
    }

    public var description: String { id }

    /// As a Thai civil servant writes it: `ตุลาคม 2568`, `ไตรมาส 1 ปีงบประมาณ 2569`, `ปีงบประมาณ 2569`.
    public var labelTh: String {
        switch self {
        case .month(let m): ThaiDateFormatter.month(m, .th)
        case .quarter(let y, let q): "ไตรมาส \(q) ปีงบประมาณ \(y.beYear)"
        case .fiscalYear(let y): "ปีงบประมาณ \(y.beYear)"
        }
    }

    /// `October 2025`, `Q1 of fiscal year 2569 (October–December 2025)`, `Fiscal year 2569 (October 2025–September 2026)`.
    public var labelEn: String {
        switch self {
        case .month(let m): Self.englishMonth(m)
        case .quarter(let y, let q):
            "Q\(q) of fiscal year \(y.beYear) (\(Self.englishMonth(months[0], year: false))–\(Self.englishMonth(months[2])))"
        case .fiscalYear(let y): "Fiscal year \(y.beYear) (\(Self.englishMonth(months[0]))–\(Self.englishMonth(months[11])))"
        }
    }

    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                "October", "November", "December"]

    static func englishMonth(_ m: FiscalMonth, year: Bool = true) -> String {
        year ? "\(englishMonths[m.calendarMonth - 1]) \(m.calendarYear)" : englishMonths[m.calendarMonth - 1]
    }

    // MARK: Related periods

    /// The period before, of the same kind: the previous month, quarter or fiscal year.
    public var previous: PeriodKey {
        switch self {
        case .month(let m):
            m.number == 1 ? .month(FiscalMonth(year: FiscalYear(beYear: m.year.beYear - 1), number: 12))
                : .month(FiscalMonth(year: m.year, number: m.number - 1))
        case .quarter(let y, let q): q == 1 ? .quarter(FiscalYear(beYear: y.beYear - 1), 4) : .quarter(y, q - 1)
        case .fiscalYear(let y): .fiscalYear(FiscalYear(beYear: y.beYear - 1))
        }
    }

    /// The same period `years` fiscal years earlier (October 2025 -> October 2024 for 1).
    public func sameIn(yearsBefore years: Int) -> PeriodKey {
        let fy = FiscalYear(beYear: fiscalYear.beYear - years)
        switch self {
        case .month(let m): return .month(FiscalMonth(year: fy, number: m.number))
        case .quarter(_, let q): return .quarter(fy, q)
        case .fiscalYear: return .fiscalYear(fy)
        }
    }

    /// The months of the period's fiscal year from October up to the period's last month.
    public var monthsOfFiscalYearToDate: [FiscalMonth] {
        let last = months[months.count - 1].number
        return (1...last).map { FiscalMonth(year: fiscalYear, number: $0) }
    }

    /// The as-of instant of this period: `min(to, now)`, or `asOf` when given (which must not be before
    /// `from`: figures of a period taken before it started would be empty and mislead).
    public func asOf(requested: Date?, now: Date) throws(ReportError) -> Date {
        guard let requested else { return min(to, now) }
        guard requested >= from else {
            throw .period("the as-of instant \(BangkokTime.iso8601(requested)) is before the period \(id) starts (\(BangkokTime.iso8601(from))); give an as-of at or after the start")
        }
        return requested
    }

    /// The document's period header.
    public func reportPeriod(asOf: Date) -> ReportPeriod {
        ReportPeriod(kind: kind, id: id, fiscalYear: fiscalYear.beYear, from: from, to: to, asOf: asOf,
                     labelTh: labelTh, labelEn: labelEn)
    }
}
