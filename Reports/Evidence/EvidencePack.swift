import Foundation
import SiangCore

/// The category 3 evidence pack of one fiscal year (DESIGN.md 5.9, `GET /api/v1/evidence`): for each
/// of the five approaches the 15 ADLI items of the PMQA application-report guide in A-D-L-I order,
/// each filled from data where Siang has data, from the agency's `evidence:` configuration otherwise,
/// or marked missing with what to add; and a Thai narrative draft written from the same items.
///
/// Built by ``EvidencePackBuilder`` from aggregates only, so it carries no personal data and no
/// citizen's words. Its JSON is the shape the scoring-core export embeds (docs/evidence.md).
public struct EvidencePack: Sendable, Equatable, Codable {
    public var fiscalYear: Int
    public var asOf: Date
    public var approaches: [ApproachEvidence]

    public init(fiscalYear: Int, asOf: Date, approaches: [ApproachEvidence]) {
        self.fiscalYear = fiscalYear
        self.asOf = asOf
        self.approaches = approaches
    }

    public func approach(_ id: EvidenceApproach) -> ApproachEvidence? { approaches.first { $0.id == id } }

    /// The JSON the API answers and the export embeds: keys sorted, the same pack the same bytes.
    public func json() throws -> Data { try EvidenceJSON.encoder().encode(self) }

    enum CodingKeys: String, CodingKey { case fiscalYear, asOf, approaches }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fiscalYear = try c.decode(Int.self, forKey: .fiscalYear)
        asOf = try EvidenceJSON.instant(c, .asOf)
        approaches = try c.decode([ApproachEvidence].self, forKey: .approaches)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fiscalYear, forKey: .fiscalYear)
        try c.encode(BangkokTime.iso8601(asOf), forKey: .asOf)
        try c.encode(approaches, forKey: .approaches)
    }
}

/// One approach's evidence: its 15 items, the category 7 measures it drives and the narrative draft.
public struct ApproachEvidence: Sendable, Equatable, Codable {
    public var id: EvidenceApproach
    public var nameTh: String
    public var nameEn: String
    /// Always the 15 items of ``EvidenceItemKey`` in that order.
    public var items: [EvidenceItem]
    /// The catalog metric ids of item I3.
    public var metricIds: [String]
    /// Paragraphs in A-D-L-I order, separated by a blank line.
    public var narrativeTh: String

    public init(id: EvidenceApproach, nameTh: String, nameEn: String, items: [EvidenceItem], metricIds: [String], narrativeTh: String) {
        self.id = id
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.items = items
        self.metricIds = metricIds
        self.narrativeTh = narrativeTh
    }

    public func item(_ key: EvidenceItemKey) -> EvidenceItem? { items.first { $0.key == key } }
}

/// Where an item's content came from.
public enum EvidenceSource: String, Sendable, Codable {
    /// Counted from the cases, answers, lookups, improvement log or the fiscal year's report.
    case data
    /// Written by the agency in the `evidence:` configuration.
    case config
    /// Neither has it yet: the item's text says what to add.
    case none
}

/// One ADLI item: its key and labels, its source, a Thai sentence and the figures behind it.
public struct EvidenceItem: Sendable, Equatable, Codable {
    public var key: EvidenceItemKey
    public var source: EvidenceSource
    /// A Thai sentence for the application report (or, for `none`, what to add).
    public var text: String
    public var entries: [EvidenceEntry]

    public init(key: EvidenceItemKey, source: EvidenceSource, text: String, entries: [EvidenceEntry] = []) {
        self.key = key
        self.source = source
        self.text = text
        self.entries = entries
    }

    public var dimension: String { key.dimension }

    enum CodingKeys: String, CodingKey { case key, dimension, labelTh, labelEn, source, text, entries }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(EvidenceItemKey.self, forKey: .key)
        source = try c.decode(EvidenceSource.self, forKey: .source)
        text = try c.decode(String.self, forKey: .text)
        entries = try c.decode([EvidenceEntry].self, forKey: .entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(key.dimension, forKey: .dimension)
        try c.encode(key.label.th, forKey: .labelTh)
        try c.encode(key.label.en, forKey: .labelEn)
        try c.encode(source, forKey: .source)
        try c.encode(text, forKey: .text)
        try c.encode(entries, forKey: .entries)
    }
}

/// One figure of an item: a channel with its count and first use, a metric with its value, a link, a
/// dated improvement. `code`, `labelTh` and `labelEn` are always there; the rest where it applies.
/// An improvement of item L2 carries the improvement log's whole entry (``improvement``), written
/// alongside as the improvements API writes it.
public struct EvidenceEntry: Sendable, Equatable, Codable {
    public var code: String
    public var labelTh: String
    public var labelEn: String
    public var count: Int?
    /// `YYYY-MM-DD`, Bangkok.
    public var firstUsedOn: String?
    /// `YYYY-MM-DD`, Bangkok.
    public var date: String?
    /// Rounded to 2 decimals as every report writes it.
    public var value: Double?
    public var url: String?
    public var improvement: EvidenceImprovement?

    public init(code: String, labelTh: String, labelEn: String, count: Int? = nil, firstUsedOn: String? = nil, date: String? = nil,
                value: Double? = nil, url: String? = nil, improvement: EvidenceImprovement? = nil) {
        self.code = code
        self.labelTh = labelTh
        self.labelEn = labelEn
        self.count = count
        self.firstUsedOn = firstUsedOn
        self.date = date
        self.value = value.map { ReportRounding.round2($0) }
        self.url = url
        self.improvement = improvement
    }

    enum CodingKeys: String, CodingKey { case code, labelTh, labelEn, count, firstUsedOn, date, value, url, id }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        labelTh = try c.decode(String.self, forKey: .labelTh)
        labelEn = try c.decode(String.self, forKey: .labelEn)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        firstUsedOn = try c.decodeIfPresent(String.self, forKey: .firstUsedOn)
        date = try c.decodeIfPresent(String.self, forKey: .date)
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        improvement = c.contains(.id) ? try EvidenceImprovement(from: decoder) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(labelTh, forKey: .labelTh)
        try c.encode(labelEn, forKey: .labelEn)
        try c.encodeIfPresent(count, forKey: .count)
        try c.encodeIfPresent(firstUsedOn, forKey: .firstUsedOn)
        // An improvement writes its own `date` (the same day).
        if improvement == nil { try c.encodeIfPresent(date, forKey: .date) }
        try c.encodeIfPresent(value, forKey: .value)
        try c.encodeIfPresent(url, forKey: .url)
        try improvement?.encode(to: encoder)
    }
}

/// Reading and writing the instants of the evidence and readiness documents (ISO 8601, `+07:00`).
enum EvidenceJSON {
    static func instant<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Date {
        let text = try c.decode(String.self, forKey: key)
        guard let date = ISO8601Instant.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an ISO 8601 instant: \(text.prefix(40))")
        }
        return date
    }

    /// The document as the API answers it: keys sorted, so the same pack is the same bytes.
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
