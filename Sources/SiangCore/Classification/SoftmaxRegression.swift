import Foundation

/// Multinomial logistic regression over hashed features, with several label sets ("heads") sharing
/// one feature table: the classifier keeps category and kind side by side, so one pass over a text
/// scores both.
///
/// A text is the vector of its n-gram counts divided by the square root of its n-gram total, so long
/// and short texts land on the same scale. Each known feature has one row of weights, one column per
/// label of every head, and each head has its own softmax. Training is plain stochastic gradient
/// descent on the cross-entropy with L2 shrinkage, in a fixed order so the result never varies; a
/// staff reclassification is a few more steps on one example (``step(_:label:head:rate:)``).
///
/// Logistic regression rather than naive Bayes, because the texts overlap heavily (formal letters
/// open alike whatever they are about): it learns that shared phrases say nothing, where naive Bayes
/// counts them once per class and lets them decide.
struct SoftmaxRegression: Sendable, Equatable {
    /// A text as the model sees it: known feature rows and their values.
    struct Vector: Sendable, Equatable {
        var rows: [Int32]
        var values: [Float]
    }

    /// Every label of every head.
    let labelCount: Int
    /// Floats per row: `labelCount` rounded up to a multiple of 8, so scoring adds whole
    /// `SIMD8<Float>` vectors (the padding stays zero).
    let rowStride: Int
    /// L2 shrinkage applied to the weights an example touches.
    let l2: Float
    private(set) var features: FeatureTable
    private(set) var weights: [Float]
    private(set) var bias: [Float]

    init(labelCount: Int, l2: Float, expectedFeatures: Int = 4_096) {
        precondition(labelCount > 0)
        self.labelCount = labelCount
        rowStride = (labelCount + 7) / 8 * 8
        self.l2 = l2
        features = FeatureTable(minimumCapacity: expectedFeatures)
        weights = []
        weights.reserveCapacity(expectedFeatures * rowStride)
        bias = [Float](repeating: 0, count: labelCount)
    }

    /// The vector of `hashes` (one text's n-grams, repeats included), adding unseen features to the
    /// table with zero weights.
    /// A trained model as a saved classifier holds it; nil if the parts do not fit together.
    init?(labelCount: Int, l2: Float, features: FeatureTable, weights: [Float], bias: [Float]) {
        guard labelCount > 0 else { return nil }
        self.labelCount = labelCount
        rowStride = (labelCount + 7) / 8 * 8
        self.l2 = l2
        guard weights.count == features.count * rowStride, bias.count == labelCount else { return nil }
        self.features = features
        self.weights = weights
        self.bias = bias
    }

    mutating func vector(adding hashes: [UInt64]) -> Vector {
        var counts: [Int32: Float] = [:]
        var order: [Int32] = []
        for hash in hashes {
            let (row, inserted) = features.insert(hash)
            if inserted { weights.append(contentsOf: repeatElement(0, count: rowStride)) }
            if counts[row] == nil { order.append(row) }
            counts[row, default: 0] += 1
        }
        let scale = 1 / Float(max(hashes.count, 1)).squareRoot()
        return Vector(rows: order, values: order.map { counts[$0]! * scale })
    }

    /// Keeps only the features `keep` says yes to (by row), renumbering them. A feature seen in one
    /// training text says little about others and costs a cache miss on every text that has it, so
    /// the classifier drops those after training: the table shrinks several times over, the
    /// answers barely change, and classifying gets faster.
    mutating func prune(keep: (Int) -> Bool) {
        var kept = 0
        for entry in features.slots where entry != 0 && keep(Int(entry & FeatureTable.rowMask) - 1) { kept += 1 }
        var table = FeatureTable(minimumCapacity: max(kept, 16))
        var newWeights: [Float] = []
        newWeights.reserveCapacity(kept * rowStride)
        for entry in features.slots where entry != 0 {
            let row = Int(entry & FeatureTable.rowMask) - 1
            guard keep(row) else { continue }
            _ = table.insert((entry >> FeatureTable.rowBits) << FeatureTable.rowBits)
            newWeights.append(contentsOf: weights[(row * rowStride)..<((row + 1) * rowStride)])
        }
        features = table
        weights = newWeights
    }

    /// Adds a feature that is not an n-gram (a keyword count) with `value` to `x`.
    mutating func append(feature hash: UInt64, value: Float, to x: inout Vector) {
        let (row, inserted) = features.insert(hash)
        if inserted { weights.append(contentsOf: repeatElement(0, count: rowStride)) }
        x.rows.append(row)
        x.values.append(value)
    }

    /// One gradient step on the cross-entropy of `x` having `label` within `head`. Returns the
    /// probability the model gave `label` before the step.
    @discardableResult
    mutating func step(_ x: Vector, label: Int, head: Range<Int>, rate: Float) -> Float {
        precondition(head.contains(label) && head.upperBound <= labelCount)
        let stride = rowStride
        let first = head.lowerBound
        let width = head.count
        let shrink = 1 - rate * l2
        return x.rows.withUnsafeBufferPointer { rows in
            x.values.withUnsafeBufferPointer { values in
                weights.withUnsafeMutableBufferPointer { w in
                    bias.withUnsafeMutableBufferPointer { b in
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { g in
                            // Forward: logits, then probabilities.
                            for k in 0..<width { g[k] = b[first + k] }
                            for i in 0..<rows.count {
                                let base = Int(rows[i]) * stride + first
                                let v = values[i]
                                for k in 0..<width { g[k] += v * w[base + k] }
                            }
                            var top = g[0]
                            for k in 1..<width where g[k] > top { top = g[k] }
                            var total: Float = 0
                            for k in 0..<width {
                                g[k] = expf(g[k] - top)
                                total += g[k]
                            }
                            for k in 0..<width { g[k] /= total }
                            let before = g[label - first]
                            // Backward: the gradient of the cross-entropy is p - y.
                            g[label - first] -= 1
                            for k in 0..<width { b[first + k] -= rate * g[k] }
                            for i in 0..<rows.count {
                                let base = Int(rows[i]) * stride + first
                                let v = rate * values[i]
                                for k in 0..<width { w[base + k] = w[base + k] * shrink - v * g[k] }
                            }
                            return before
                        }
                    }
                }
            }
        }
    }
}
