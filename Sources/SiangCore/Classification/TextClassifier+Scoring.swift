import Foundation

/// Scoring: one pass over the normalised text collects the n-gram weights and the keyword hits, then the
/// logits of both heads become probabilities. Everything lives in caller-owned temporary buffers.
extension TextClassifier {
    /// Classifies a case from its subject (if any) and text.
    public func classify(subject: String?, text: String) -> ClassificationResult {
        TextNormalizer.withNormalized(subject: subject, text: text) { classify(normalized: $0) }
    }

    /// Scores the text in three passes, each a loop whose memory reads do not wait on each other: the
    /// feature hashes are collected first (n-grams, then words), then all their table slots are read,
    /// then the weights of the rows found are summed. The tables are several megabytes, so nearly
    /// every read misses the cache; one lookup at a time, each miss was waited for in turn (perf put
    /// most of a classification there), while in passes the processor has many misses in flight at
    /// once. The sums are the same, added in the same order, as one lookup at a time.
    private func classify(normalized scalars: UnsafeBufferPointer<UInt32>) -> ClassificationResult {
        let labels = model.labelCount
        // Each position starts at most one n-gram per length, one word and one pair of words.
        let capacity = scalars.count * (ngrams.lengths.count + 2) + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: capacity) { hashes in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { rows in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: labels) { hits in
                    hits.initialize(repeating: 0)
                    var count = 0
                    ngrams.forEach(in: scalars) { hashes[count] = $0; count &+= 1 }
                    let ngramCount = count
                    words.forEach(in: scalars) { hashes[count] = $0; count &+= 1 }
                    rules.forEachMatch(in: scalars) { hits[$0] += 1 }
                    let found = UnsafeMutableBufferPointer(rebasing: rows[..<count])
                    model.features.slots.withUnsafeBufferPointer { slots in
                        FeatureTable.rows(of: UnsafeBufferPointer(rebasing: hashes[..<count]), in: slots, into: found)
                    }
                    // A word counts `wordWeight` times, as in training: one lookup, its weights scaled.
                    let wordWeight = tuning.wordWeight
                    let total = ngramCount + (count - ngramCount) * wordWeight
                    return withUnsafeTemporaryAllocation(of: Float.self, capacity: labels) { logits in
                        sumWeights(of: UnsafeBufferPointer(found), wordsFrom: ngramCount, wordWeight: Float(wordWeight), into: logits)
                        return finish(logits: logits, hits: UnsafeBufferPointer(hits), total: total, scalars: scalars)
                    }
                }
            }
        }
    }

    /// Adds up the weight rows of `rows` (-1: not a feature of the model) into `logits`, those from
    /// `wordsFrom` on `wordWeight` times.
    private func sumWeights(of rows: UnsafeBufferPointer<Int32>, wordsFrom: Int, wordWeight: Float,
                            into logits: UnsafeMutableBufferPointer<Float>) {
        let stride = model.rowStride
        let chunks = stride / 8
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: chunks) { sums in
            sums.initialize(repeating: .zero)
            model.weights.withUnsafeBytes { weights in
                guard let base = weights.baseAddress else { return }
                let rowBytes = stride &* MemoryLayout<Float>.stride
                if chunks == 2 {
                    // The default taxonomy: 12 categories and 4 kinds fill two vectors; keep them in registers.
                    var low = SIMD8<Float>.zero, high = SIMD8<Float>.zero
                    for i in 0..<rows.count where rows[i] >= 0 {
                        let row = base + Int(rows[i]) &* rowBytes
                        let scale = SIMD8<Float>(repeating: i < wordsFrom ? 1 : wordWeight)
                        low += row.loadUnaligned(fromByteOffset: 0, as: SIMD8<Float>.self) * scale
                        high += row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) * scale
                    }
                    sums[0] = low
                    sums[1] = high
                } else {
                    for i in 0..<rows.count where rows[i] >= 0 {
                        let row = base + Int(rows[i]) &* rowBytes
                        let scale = SIMD8<Float>(repeating: i < wordsFrom ? 1 : wordWeight)
                        for c in 0..<chunks { sums[c] += row.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self) * scale }
                    }
                }
            }
            for label in 0..<logits.count { logits[label] = sums[label / 8][label % 8] }
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
