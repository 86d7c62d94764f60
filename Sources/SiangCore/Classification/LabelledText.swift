/// A text with the category (and, when known, the kind) a person gave it: a line of the seed corpus,
/// or a staff reclassification fed back to ``TextClassifier/learn(_:)``.
public struct LabelledText: Sendable, Equatable {
    public var text: String
    /// A taxonomy category code.
    public var category: String
    /// The kind, when the example says; examples without one train the category only.
    public var kind: Kind?

    public init(text: String, category: String, kind: Kind? = nil) {
        self.text = text
        self.category = category
        self.kind = kind
    }
}
