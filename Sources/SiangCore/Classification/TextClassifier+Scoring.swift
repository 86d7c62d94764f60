import Foundation

/// Scoring: one pass over the normalised text collects the n-gram weights and the keyword hits, then the
/// logits of both heads become probabilities. Everything lives in caller-owned temporary buffers.
extension TextClassifier {
    /// Classifies a case from its subject (if any) and text.
    public func classify(subject: String?, text: String) -> ClassificationResult {
        TextNormalizer.withNormalized(subject: subject, text: text) { classify(normalized: $0) }
    }

    private func classify(normalized scalars: UnsafeBufferPointer<UInt32>) -> ClassificationResult {
        let labels = model.labelCount
        let stride = model.rowStride
        let chunks = stride / 8
        return withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: chunks) { sums in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: labels) { hits in
                sums.initialize(repeating: .zero)
                hits.initialize(repeating: 0)
                var total = 0
                model.features.slots.withUnsafeBufferPointer { slots in
                    model.weights.withUnsafeBytes { weights in
                        guard let base = weights.baseAddress else { return }
                        let rowBytes = stride &* MemoryLayout<Float>.stride
                        // A word counts `wordWeight` times, as in training: one lookup, its weights scaled.
                        let add = { (hash: UInt64, times: Int) in
                            total &+= times
                            let row = FeatureTable.row(of: hash, in: slots)
                            guard row >= 0 else { return }
                            let weightsOfRow = base + Int(row) &* rowBytes
                            let scale = SIMD8<Float>(repeating: Float(times))
                            for c in 0..<chunks {
                                sums[c] += weightsOfRow.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self) * scale
                            }
                        }
                        ngrams.forEach(in: scalars) { add($0, 1) }
                        let wordWeight = tuning.wordWeight
                        words.forEach(in: scalars) { add($0, wordWeight) }
                    }
                }
                rules.forEachMatch(in: scalars) { hits[$0] += 1 }
                return withUnsafeTemporaryAllocation(of: Float.self, capacity: labels) { logits in
                    for label in 0..<labels { logits[label] = sums[label / 8][label % 8] }
                    return finish(logits: logits, hits: UnsafeBufferPointer(hits), total: total, scalars: scalars)
                }
            }
        }
    }

    /// From the summed n-gram weights to the answer: scaling, keyword features, temperature, rules.
    private func finish(logits: UnsafeMutableBufferPointer<Float>, hits: UnsafeBufferPointer<Int>, total: Int,
                        scalars: UnsafeBufferPointer<UInt32>) -> ClassificationResult {
        let labels = model.labelCount
        // The text is its n-gram counts over the square root of their total (as in training), plus one
        // learned feature per label whose keywords it contains.
        let scale = 1 / Float(max(total, 1)).squareRoot()
        for label in 0..<labels { logits[label] = model.bias[label] + logits[label] * scale }
        for keywordLabel in 0..<labels where hits[keywordLabel] > 0 {
            let row = model.features.row(of: Self.keywordFeature(keywordLabel))
            guard row >= 0 else { continue }
            let value = Float(min(hits[keywordLabel], tuning.keywordCap)) * tuning.keywordFeatureValue
            let base = Int(row) * model.rowStride
            for label in 0..<labels { logits[label] += model.weights[base + label] * value }
        }
        // Then the temperature, and the fixed bonus of the keyword rules.
        let categories = categoryCodes.count
        for label in 0..<labels {
            let bonus = label < categories ? tuning.keywordWeight : tuning.kindCueWeight
            logits[label] = logits[label] / tuning.temperature + Float(min(hits[label], tuning.keywordCap)) * bonus
        }
        return decide(logits: logits, hits: hits, letters: Self.letterCount(scalars))
    }

    private func decide(logits: UnsafeMutableBufferPointer<Float>, hits: UnsafeBufferPointer<Int>, letters: Int) -> ClassificationResult {
        let categories = categoryCodes.count
        let kind = Self.softmaxArgmax(UnsafeMutableBufferPointer(rebasing: logits[categories...]))
        guard categories > 0 else {
            return ClassificationResult(category: Taxonomy.fallbackCode, confidence: 0, kind: kinds[kind.index],
                                        kindConfidence: Double(kind.probability))
        }
        // A category nobody has trained yet scores just above the best trained one when its keywords
        // appear, and not at all otherwise.
        var topTrained = -Float.infinity
        for c in 0..<categories where trained[c] { topTrained = max(topTrained, logits[c]) }
        for c in 0..<categories where !trained[c] {
            if hits[c] > 0 {
                logits[c] = (topTrained.isFinite ? topTrained : 0) + Float(min(hits[c], tuning.keywordCap)) * tuning.keywordWeight
            } else {
                logits[c] = topTrained.isFinite ? -.infinity : 0
            }
        }
        let probabilities = UnsafeMutableBufferPointer(rebasing: logits[..<categories])
        var best = Self.softmaxArgmax(probabilities)
        var ceiling: Float = 1
        if let otherIndex {
            let anyKeyword = (0..<categories).contains { hits[$0] > 0 }
            if letters < tuning.minimumLetters, !anyKeyword {
                // No signal: nothing to route on, whatever the model says.
                best = (otherIndex, min(probabilities[otherIndex], tuning.lowSignalConfidence))
                ceiling = tuning.lowSignalConfidence
            } else if best.index != otherIndex, best.probability < tuning.otherBelow {
                // The best category is no better than a guess.
                best = (otherIndex, probabilities[otherIndex])
            }
        }
        let confidence = min(calibration(best.probability), ceiling)
        return ClassificationResult(category: categoryCodes[best.index], confidence: Double(confidence),
                                    kind: kinds[kind.index], kindConfidence: Double(kind.probability))
    }

    /// Letters that carry content: Thai consonants and letters of other scripts, not vowels, tone
    /// marks, digits, punctuation or emoji.
    private static func letterCount(_ scalars: UnsafeBufferPointer<UInt32>) -> Int {
        var count = 0
        for s in scalars {
            switch s {
            case 0x61...0x7A, 0xDF...0xFF, 0x0E01...0x0E2E, 0x0100...0x0DFF, 0x0F00...0x1FFF, 0x3040...0x9FFF, 0xAC00...0xD7A3:
                count += 1
            default:
                break
            }
        }
        return count
    }

    /// Turns `z` into probabilities in place and returns the most probable index (the first on ties).
    private static func softmaxArgmax(_ z: UnsafeMutableBufferPointer<Float>) -> (index: Int, probability: Float) {
        var best = 0
        for i in 1..<z.count where z[i] > z[best] { best = i }
        let top = z[best]
        var total: Float = 0
        for i in 0..<z.count {
            z[i] = expf(z[i] - top)
            total += z[i]
        }
        for i in 0..<z.count { z[i] /= total }
        return (best, z[best])
    }
}
