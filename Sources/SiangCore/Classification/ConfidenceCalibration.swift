/// Turns the model's raw probability for its answer into the share of such answers that are right,
/// learned by isotonic regression on answers the model gave to texts it had not been trained on.
///
/// A softmax over many overlapping features is overconfident on texts unlike its training texts, so
/// a raw 0.7 is not right 70 % of the time. Staff act on the confidence (below the agency's threshold
/// a case goes to manual triage), so the shipped classifier answers with the calibrated value: it is
/// trained on all but one fold of its corpus, once per fold (``StratifiedFolds``), each fold's texts are
/// classified by the model that never saw them, and the pool-adjacent-violators algorithm fits the
/// non-decreasing step function from raw probability to "was right". Each step's value is smoothed
/// (right + 1) / (seen + 2), so a step of a few answers never claims certainty.
struct ConfidenceCalibration: Sendable, Equatable {
    /// The lowest raw probability of each step, increasing; `values[i]` holds from `lower[i]` up.
    private(set) var lower: [Float]
    private(set) var values: [Float]

    /// No calibration: the raw probability is the answer.
    static let identity = ConfidenceCalibration(lower: [], values: [])

    private init(lower: [Float], values: [Float]) {
        self.lower = lower
        self.values = values
    }

    /// The calibration fitted to `answers`: each a raw probability and whether the answer was right.
    init(fitting answers: [(probability: Float, right: Bool)]) {
        let sorted = answers.sorted { $0.probability < $1.probability }
        // Pool adjacent violators: merge neighbouring blocks while a block is less often right than
        // the one before it.
        var blocks: [(lower: Float, right: Float, seen: Float)] = []
        for answer in sorted {
            blocks.append((answer.probability, answer.right ? 1 : 0, 1))
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1], before = blocks[blocks.count - 2]
                guard last.right * before.seen <= before.right * last.seen else { break }
                blocks.removeLast(2)
                blocks.append((before.lower, before.right + last.right, before.seen + last.seen))
            }
        }
        lower = blocks.map(\.lower)
        values = blocks.map { ($0.right + 1) / ($0.seen + 2) }
        // The smoothing can undo the order of two neighbouring steps; keep the function non-decreasing.
        for i in values.indices.dropFirst() where values[i] < values[i - 1] { values[i] = values[i - 1] }
    }

    /// The calibrated confidence of an answer the model gave `probability`.
    func callAsFunction(_ probability: Float) -> Float {
        guard let first = values.first else { return probability }
        guard probability >= lower[0] else { return first }
        // The last step whose lower bound is at or below `probability`.
        var low = 0, high = lower.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lower[middle] <= probability { low = middle } else { high = middle - 1 }
        }
        return values[low]
    }
}
