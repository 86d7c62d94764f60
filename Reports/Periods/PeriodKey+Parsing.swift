import Foundation
import SiangCore

extension PeriodKey {
    /// Fiscal years the reports accept, in the Buddhist Era: wide enough for any history an agency
    /// imports, narrow enough that a Common Era year (2025) is caught as a mistake.
    static let beYears = 2450...2700

    /// Reads a period id of the given kind: `2025-10` (month, CE), `2569-Q1` (quarter, BE fiscal
    /// year), `2569` (fiscal year, BE). Errors say what was expected and, where the mistake is a
    /// common one (a BE year for a month, a CE year for a fiscal year), what was probably meant.
    public static func parse(_ text: String, kind: ReportPeriod.Kind) throws(ReportError) -> PeriodKey {
        let id = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .month: return try parseMonth(id)
        case .quarter: return try parseQuarter(id)
        case .fiscalYear: return .fiscalYear(try parseFiscalYear(id, whole: id))
        }
    }

    /// Reads an id whose kind is told by its shape.
    public static func parse(_ text: String) throws(ReportError) -> PeriodKey {
        let id = text.trimmingCharacters(in: .whitespaces)
        if id.uppercased().contains("Q") { return try parseQuarter(id) }
        if id.contains("-") { return try parseMonth(id) }
        return .fiscalYear(try parseFiscalYear(id, whole: id))
    }

    static func parseMonth(_ id: String) throws(ReportError) -> PeriodKey {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else {
            throw .period("\"\(id)\" is not a month; write the Common Era year and month, e.g. 2025-10 for ตุลาคม 2568")
        }
        guard (1...12).contains(month) else { throw .period("\"\(id)\": month \(month) does not exist; use 01 to 12") }
        if beYears.contains(year) {
            throw .period("\"\(id)\" has a Buddhist Era year; months are written in the Common Era, e.g. \(year - 543)-\(parts[1])")
        }
        let fiscalEnd = month >= 10 ? year + 1 : year
        guard beYears.contains(BangkokTime.beYear(ofCE: fiscalEnd)) else {
            throw .period("\"\(id)\" is outside the years the reports cover (\(beYears.lowerBound - 543)-\(beYears.upperBound - 544))")
        }
        return .month(FiscalMonth(year: FiscalYear(beYear: BangkokTime.beYear(ofCE: fiscalEnd)), number: (month + 2) % 12 + 1))
    }

    static func parseQuarter(_ id: String) throws(ReportError) -> PeriodKey {
        let upper = id.uppercased()
        let parts = upper.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, parts[1].first == "Q", let q = Int(parts[1].dropFirst()) else {
            throw .period("\"\(id)\" is not a quarter; write the Buddhist Era fiscal year and the quarter, e.g. 2569-Q1")
        }
        guard (1...4).contains(q) else { throw .period("\"\(id)\": a fiscal year has quarters Q1 to Q4") }
        return .quarter(try parseFiscalYear(String(parts[0]), whole: id), q)
    }

    static func parseFiscalYear(_ text: String, whole: String) throws(ReportError) -> FiscalYear {
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text) else {
            throw .period("\"\(whole)\" is not a fiscal year; write the Buddhist Era year, e.g. 2569")
        }
        guard beYears.contains(year) else {
            if (1900...2200).contains(year) {
                throw .period("\"\(whole)\" looks like a Common Era year; fiscal years are Buddhist Era years, e.g. \(year + 543) for the year ending September \(year)")
            }
            throw .period("\"\(whole)\": fiscal year \(year) is outside \(beYears.lowerBound)-\(beYears.upperBound)")
        }
        return FiscalYear(beYear: year)
    }
}
