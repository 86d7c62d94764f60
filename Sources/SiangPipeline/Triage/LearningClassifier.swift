import Synchronization
import SiangCore

/// The shared classifier, retrained online: every staff reclassification is one more example.
/// Classification and learning take a short lock; the model is small and classification is fast.
public final class LearningClassifier: Sendable {
    private let model: Mutex<TextClassifier>

    public init(_ classifier: TextClassifier) { model = Mutex(classifier) }

    /// The shipped model trained on the seed corpus.
    public convenience init(taxonomy: Taxonomy) throws {
        self.init(try TextClassifier.shipped(taxonomy: taxonomy))
    }

    public func classify(subject: String?, text: String) -> ClassificationResult {
        model.withLock { $0.classify(subject: subject, text: text) }
    }

    public func learn(_ example: LabelledText) {
        model.withLock { $0.learn(example) }
    }
}
