import SiangCore

/// The Thai and English names of the codes a report is keyed by (categories, channels, segments, kinds,
/// reason codes, queues, service points, survey sources), so a rendering never shows a reader `staff_conduct`
/// where the agency calls it พฤติกรรมการให้บริการของเจ้าหน้าที่.
///
/// Built once from the agency's ``SiangConfiguration`` (the open sets it edits) and the closed enums of
/// SiangCore. A code the configuration does not name (a category retired since the case was filed, a
/// survey source imported under a new name) is shown as the code itself: a report never drops a row
/// because its label is missing. Metric names are not here: they travel with the document.
public struct ReportLabels: Sendable, Equatable {
    /// Dimension (`category`, `channel`, `segment`, `kind`, `reason`, `queue`, `servicePoint`, `source`) to code to name.
    public var names: [String: [String: LocalizedLabel]]

    public init(names: [String: [String: LocalizedLabel]] = [:]) {
        var merged = Self.builtIn
        for (dimension, codes) in names { merged[dimension, default: [:]].merge(codes) { _, new in new } }
        self.names = merged
    }

    /// The agency's names from its configuration, over the built-in ones.
    public init(configuration c: SiangConfiguration) {
        self.init(names: [
            "category": Dictionary(c.taxonomy.categories.map { ($0.code, $0.label) }) { first, _ in first },
            "queue": Dictionary(c.routing.queues.map { ($0.code, $0.label) }) { first, _ in first },
            "reason": Dictionary(c.surveys.reasonCodes.map { ($0.code, LocalizedLabel(th: $0.th, en: $0.en)) }) { first, _ in first },
            "servicePoint": Dictionary(c.surveys.servicePoints.map { ($0.code, LocalizedLabel(th: $0.th, en: $0.en)) }) { first, _ in first },
        ])
    }

    /// The name of `code` in `dimension`, or the code itself when nothing names it.
    public func name(_ dimension: String, _ code: String, _ language: Language) -> String {
        if let label = names[dimension]?[code] { return label.text(language) }
        if dimension == "source", code.hasPrefix(Self.importPrefix) {
            let tool = String(code.dropFirst(Self.importPrefix.count))
            return language == .th ? "นำเข้าจาก \(tool)" : "Imported from \(tool)"
        }
        return code
    }

    /// The name of a breakdown dimension itself (`channel` -> ช่องทาง).
    public func dimension(_ dimension: String, _ language: Language) -> String {
        Self.dimensions[dimension]?.text(language) ?? dimension
    }

    /// Imported survey answers carry `import:<tool>` as their source.
    static let importPrefix = "import:"

    static let dimensions: [String: LocalizedLabel] = [
        "overall": LocalizedLabel(th: "ภาพรวม", en: "Overall"),
        "channel": LocalizedLabel(th: "ช่องทาง", en: "Channel"),
        "category": LocalizedLabel(th: "หมวดเรื่อง", en: "Category"),
        "segment": LocalizedLabel(th: "กลุ่มผู้รับบริการ", en: "Stakeholder group"),
        "queue": LocalizedLabel(th: "หน่วยงานผู้รับผิดชอบ", en: "Queue"),
        "kind": LocalizedLabel(th: "ประเภทเรื่อง", en: "Kind"),
        "servicePoint": LocalizedLabel(th: "จุดให้บริการ", en: "Service point"),
        "source": LocalizedLabel(th: "แหล่งที่มาของแบบสำรวจ", en: "Survey source"),
        "reason": LocalizedLabel(th: "เหตุผลความไม่พึงพอใจ", en: "Dissatisfaction reason"),
    ]

    /// What SiangCore's closed sets already name, so a labels value made without configuration is still readable.
    static let builtIn: [String: [String: LocalizedLabel]] = [
        "channel": Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0.rawValue, $0.label) })
            .merging(["open311": LocalizedLabel(th: "Open311 (แอปพลิเคชันภายนอก)", en: "Open311")]) { a, _ in a },
        "segment": Dictionary(uniqueKeysWithValues: Segment.allCases.map { ($0.rawValue, $0.label) }),
        "kind": Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0.rawValue, $0.label) }),
        "source": [
            "case": LocalizedLabel(th: "แบบสำรวจหลังดำเนินการเรื่อง", en: "Case survey"),
            "service_point": LocalizedLabel(th: "แบบสำรวจ ณ จุดให้บริการ", en: "Service-point survey"),
        ],
    ]
}
