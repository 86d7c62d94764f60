/// What the classifier thinks a case is about, and how sure it is.
public struct ClassificationResult: Sendable, Codable, Equatable {
    /// A category code of the taxonomy the classifier was built with.
    public var category: String
    /// The posterior probability of `category`, 0...1. Cases below the agency's threshold go to the
    /// manual triage queue.
    public var confidence: Double
    public var kind: Kind
    /// The posterior probability of `kind`, 0...1.
    public var kindConfidence: Double

    public init(category: String, confidence: Double, kind: Kind, kindConfidence: Double) {
        self.category = category
        self.confidence = confidence
        self.kind = kind
        self.kindConfidence = kindConfidence
    }
}
