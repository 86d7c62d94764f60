import Foundation
import SiangCore

/// The ids an improvement's triggers may name: the agency's complaint categories, dissatisfaction
/// reason codes and service points (configuration) and the metric ids of the catalog, each with its
/// Thai and English name for the pages. An entry naming anything else is refused when it is written.
public struct ImprovementVocabulary: Sendable, Equatable {
    /// One id and its names.
    public struct Term: Sendable, Equatable {
        public var code: String
        public var th: String
        public var en: String

        public init(code: String, th: String, en: String) {
            self.code = code
            self.th = th
            self.en = en
        }

        public func label(_ language: Language) -> String { language == .th ? th : en }
    }

    public var categories: [Term]
    public var reasonCodes: [Term]
    public var servicePoints: [Term]
    public var metrics: [Term]

    public init(categories: [Term], reasonCodes: [Term], servicePoints: [Term], metrics: [Term]) {
        self.categories = categories
        self.reasonCodes = reasonCodes
        self.servicePoints = servicePoints
        self.metrics = metrics
    }

    public init(configuration: SiangConfiguration, catalog: MetricCatalog) {
        self.init(categories: configuration.taxonomy.categories.map { Term(code: $0.code, th: $0.th, en: $0.en) },
                  reasonCodes: configuration.surveys.reasonCodes.map { Term(code: $0.code, th: $0.th, en: $0.en) },
                  servicePoints: configuration.surveys.servicePoints.map { Term(code: $0.code, th: $0.th, en: $0.en) },
                  metrics: catalog.metrics.map { Term(code: $0.id, th: $0.nameTh, en: $0.nameEn) })
    }

    /// The name of `code` in `terms`, or the code itself when the configuration no longer has it.
    public static func label(_ code: String, in terms: [Term], _ language: Language) -> String {
        terms.first { $0.code == code }?.label(language) ?? code
    }
}
