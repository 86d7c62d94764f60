/// Splits labelled examples into `count` folds of about equal size with each category spread evenly:
/// within each category, in the examples' order, the first goes to fold 0, the next to fold 1, and so
/// on round. Deterministic, so cross-validation figures never vary between runs.
public struct StratifiedFolds: Sendable {
    public let count: Int
    /// The fold of each example, by the example's index.
    public let fold: [Int]

    public init(_ examples: [LabelledText], count: Int) {
        precondition(count >= 2, "cross-validation needs at least two folds")
        self.count = count
        var seen: [String: Int] = [:]
        fold = examples.map { example in
            let n = seen[example.category, default: 0]
            seen[example.category] = n + 1
            return n % count
        }
    }

    /// The examples outside fold `k` (to train on) and inside it (to test on).
    public func split(_ examples: [LabelledText], holdingOut k: Int) -> (train: [LabelledText], test: [LabelledText]) {
        var train: [LabelledText] = [], test: [LabelledText] = []
        for (index, example) in examples.enumerated() {
            if fold[index] == k { test.append(example) } else { train.append(example) }
        }
        return (train, test)
    }
}
