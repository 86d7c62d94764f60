import Synchronization
import SiangCore

/// The shared classifier, retrained online: every staff reclassification is one more example.
/// Classification takes a snapshot of the model under a short lock and classifies outside it, so
/// imports and the server classify on every core at once; learning changes the model under the lock
/// (copy-on-write leaves snapshots in use untouched).
public final class LearningClassifier: Sendable {
    private let model: Mutex<TextClassifier>

    public init(_ classifier: TextClassifier) { model = Mutex(classifier) }

    /// The shipped model trained on the seed corpus.
    public convenience init(taxonomy: Taxonomy) throws {
        self.init(try TextClassifier.shipped(taxonomy: taxonomy))
    }

    public func classify(subject: String?, text: String) -> ClassificationResult {
        let snapshot = model.withLock { $0 }
        return snapshot.classify(subject: subject, text: text)
    }

    public func learn(_ example: LabelledText) {
        model.withLock { $0.learn(example) }
    }
}
