import Synchronization
import SiangCore

/// The shared classifier, retrained online: every staff reclassification is one more example.
/// Classification takes a snapshot of the model under a short lock and classifies outside it, so
/// imports and the server classify on every core at once; learning changes the model under the lock
/// (copy-on-write leaves snapshots in use untouched).
public final class LearningClassifier: Sendable {
    private let model: Mutex<TextClassifier>

    public init(_ classifier: TextClassifier) { model = Mutex(classifier) }

    /// The shipped model trained on the bundled corpus, its confidence calibrated to the agency's
    /// `threshold` (`classifier.confidenceThreshold`); with a `dataDirectory`, the model saved there
    /// when it is this one, else trained and saved (``SavedClassifier``).
    public convenience init(taxonomy: Taxonomy, threshold: Double = 0.6, dataDirectory: String? = nil) throws {
        self.init(try SavedClassifier.shipped(taxonomy: taxonomy, threshold: threshold, dataDirectory: dataDirectory))
    }

    public func classify(subject: String?, text: String) -> ClassificationResult {
        let snapshot = model.withLock { $0 }
        return snapshot.classify(subject: subject, text: text)
    }

    public func learn(_ example: LabelledText) {
        model.withLock { $0.learn(example) }
    }
}
