/// Turns the model's raw probability for its answer into a confidence whose meaning staff can act on:
/// an answer at or above the agency's threshold is right at least `targetPrecision` of the time.
///
/// A softmax over many overlapping features is overconfident on texts unlike its training texts, so a
/// raw 0.7 says little, and below the agency's threshold a case goes to manual triage. The shipped
/// classifier is therefore trained on all but one fold of its corpus, once per fold
/// (``StratifiedFolds``), and each fold's texts are classified by the model that never saw them. On
/// those answers, the calibration finds the lowest raw probability `cut` from which the answers are
/// right at least `targetPrecision` of the time, and maps raw probabilities piecewise linearly so that
/// `cut` lands exactly on the threshold: 0…cut onto 0…threshold and cut…1 onto threshold…1. The order
/// of answers never changes, only where the threshold falls among them.
///
/// The target is set above the 95 % the service promises (``defaultTargetPrecision``) because texts
/// written by other people are harder than the corpus's own folds.
struct ConfidenceCalibration: Sendable, Equatable {
    static let defaultTargetPrecision = 0.97

    /// The raw probability that maps onto `threshold`.
    private(set) var cut: Float
    private(set) var threshold: Float

    /// No calibration: the raw probability is the answer.
    static let identity = ConfidenceCalibration(cut: 0.5, threshold: 0.5)

    /// A saved calibration; nil for values outside what fitting gives.
    init?(savedCut cut: Float, threshold: Float) {
        guard cut >= 0.001, cut <= 0.999, threshold >= 0.01, threshold <= 0.99 else { return nil }
        self.init(cut: cut, threshold: threshold)
    }

    private init(cut: Float, threshold: Float) {
        self.cut = cut
        self.threshold = threshold
    }

    /// The calibration fitted to `answers` (each a raw probability and whether the answer was right)
    /// for an agency that trusts answers at or above `threshold`.
    init(fitting answers: [(probability: Float, right: Bool)], threshold: Double,
         targetPrecision: Double = Self.defaultTargetPrecision) {
        self.threshold = Float(min(max(threshold, 0.01), 0.99))
        // From the surest answer down: the lowest raw probability at which the answers this sure or
        // surer are still right often enough. Ties are taken together.
        let sorted = answers.sorted { $0.probability > $1.probability }
        var right = 0, seen = 0
        var cut: Float = 1
        var i = 0
        while i < sorted.count {
            let p = sorted[i].probability
            while i < sorted.count, sorted[i].probability == p {
                if sorted[i].right { right += 1 }
                seen += 1
                i += 1
            }
            if Double(right) >= targetPrecision * Double(seen) { cut = p }
        }
        self.cut = min(max(cut, 0.001), 0.999)
    }

    /// The calibrated confidence of an answer the model gave `probability`.
    func callAsFunction(_ probability: Float) -> Float {
        if probability <= cut { return probability / cut * threshold }
        return threshold + (probability - cut) / (1 - cut) * (1 - threshold)
    }
}
