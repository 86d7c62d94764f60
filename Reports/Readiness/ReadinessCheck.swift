import Foundation
import SiangCore

/// The readiness check of DESIGN.md 5.9 (`GET /api/v1/readiness`): one line for each criticism
/// assessors most often make of an agency's category 3 and 7.2 evidence, `pass` or `gap`, with the
/// figures that decide it and, for a gap, what to do. Built by ``ReadinessChecker`` from aggregates
/// only; the scoring-core export embeds it as it is.
public struct ReadinessCheck: Sendable, Equatable, Codable {
    public var fiscalYear: Int
    public var asOf: Date
    /// Always the six lines of ``ReadinessLineID`` in that order.
    public var lines: [ReadinessLine]

    public init(fiscalYear: Int, asOf: Date, lines: [ReadinessLine]) {
        self.fiscalYear = fiscalYear
        self.asOf = asOf
        self.lines = lines
    }

    public func line(_ id: ReadinessLineID) -> ReadinessLine? { lines.first { $0.id == id } }

    /// The JSON the API answers and the export embeds: keys sorted.
    public func json() throws -> Data { try EvidenceJSON.encoder().encode(self) }

    enum CodingKeys: String, CodingKey { case fiscalYear, asOf, lines }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fiscalYear = try c.decode(Int.self, forKey: .fiscalYear)
        asOf = try EvidenceJSON.instant(c, .asOf)
        lines = try c.decode([ReadinessLine].self, forKey: .lines)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fiscalYear, forKey: .fiscalYear)
        try c.encode(BangkokTime.iso8601(asOf), forKey: .asOf)
        try c.encode(lines, forKey: .lines)
    }
}

/// The six criticisms, in the order the check lists them.
public enum ReadinessLineID: String, Sendable, Codable, CaseIterable {
    case trackingAvailable = "tracking_available"
    case frequentComplaintsAnalysed = "frequent_complaints_analysed"
    case dissatisfactionAnalysed = "dissatisfaction_analysed"
    case surveySourcesIntegrated = "survey_sources_integrated"
    case feedbackLedToChange = "feedback_led_to_change"
    case coreMetricsLeTCI = "core_metrics_letci"
}

public enum ReadinessStatus: String, Sendable, Codable {
    case pass, gap
}

/// One line: the criticism, whether the agency's data answers it, the evidence in words and
/// figures, and for a gap what to do (nil on a pass).
public struct ReadinessLine: Sendable, Equatable, Codable {
    public var id: ReadinessLineID
    public var status: ReadinessStatus
    public var criticismTh: String
    public var criticismEn: String
    public var evidenceTh: String
    public var evidenceEn: String
    public var figures: [ReadinessFigure]
    public var actionTh: String?
    public var actionEn: String?

    public init(id: ReadinessLineID, status: ReadinessStatus, criticismTh: String, criticismEn: String, evidenceTh: String,
                evidenceEn: String, figures: [ReadinessFigure], actionTh: String?, actionEn: String?) {
        self.id = id
        self.status = status
        self.criticismTh = criticismTh
        self.criticismEn = criticismEn
        self.evidenceTh = evidenceTh
        self.evidenceEn = evidenceEn
        self.figures = figures
        self.actionTh = actionTh
        self.actionEn = actionEn
    }

    enum CodingKeys: String, CodingKey {
        case id, status, criticismTh, criticismEn, evidenceTh, evidenceEn, figures, actionTh, actionEn
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(criticismTh, forKey: .criticismTh)
        try c.encode(criticismEn, forKey: .criticismEn)
        try c.encode(evidenceTh, forKey: .evidenceTh)
        try c.encode(evidenceEn, forKey: .evidenceEn)
        try c.encode(figures, forKey: .figures)
        // Always present: null on a pass.
        try c.encode(actionTh, forKey: .actionTh)
        try c.encode(actionEn, forKey: .actionEn)
    }
}

/// A named figure of a line (`casesWithTrackingIdPct`, `lookupsInPeriod`…); `null` when there is none
/// (a share of nothing). Rounded to 2 decimals as every report writes it.
public struct ReadinessFigure: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double?

    public init(name: String, value: Double?) {
        self.name = name
        self.value = value.map { ReportRounding.round2($0) }
    }

    public init(name: String, count: Int) { self.init(name: name, value: Double(count)) }

    enum CodingKeys: String, CodingKey { case name, value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(value, forKey: .value)
    }
}
