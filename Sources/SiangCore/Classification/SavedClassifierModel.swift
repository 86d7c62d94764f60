/// A trained classifier's learned parts as bytes, and what determines them, so a command can keep the
/// model it trained and skip training the next time (training and calibrating the shipped model costs
/// seconds of one core before the first case is classified; ``TextClassifier/calibrated(taxonomy:examples:threshold:folds:)``).
///
/// The bytes hold the word matcher, the model's features, weights and biases, which categories were
/// trained, and the calibration; the keyword rules and the rest are made again from the taxonomy. Reading
/// checks every length and index, so bytes from another taxonomy or cut short give nil, never a
/// classifier that answers differently. Whoever stores the bytes keys them by a hash of ``recipe(taxonomy:examples:threshold:folds:)``
/// and checks their integrity (SiangPipeline's `SavedClassifier`); this type does no I/O.
public enum SavedClassifierModel {
    /// Changes whenever the layout below or the training code changes in a way the recipe does not show.
    static let layoutVersion: UInt32 = 1

    /// Everything that determines what calibrated training gives: the layout version, the tuning, the
    /// kind cues, the taxonomy (codes and keywords set the labels and keyword features), the examples in
    /// order, the threshold and the number of folds.
    public static func recipe(taxonomy: Taxonomy, examples: [LabelledText], threshold: Double, folds: Int) -> [UInt8] {
        var out = ByteWriter()
        out.append(layoutVersion)
        out.append(String(describing: TextClassifier.Tuning.standard))
        for kind in Kind.allCases {
            out.append(kind.rawValue)
            out.append(UInt32((KindCues.words[kind] ?? []).count))
            for cue in KindCues.words[kind] ?? [] { out.append(cue) }
        }
        out.append(UInt32(taxonomy.categories.count))
        for category in taxonomy.categories {
            out.append(category.code)
            out.append(UInt32(category.keywords.count))
            for keyword in category.keywords { out.append(keyword) }
        }
        out.append(UInt32(examples.count))
        for example in examples {
            out.append(example.text)
            out.append(example.category)
            out.append(example.kind?.rawValue ?? "")
        }
        out.append(threshold.bitPattern)
        out.append(UInt32(folds))
        return out.bytes
    }

    /// The learned parts of `classifier`.
    public static func encode(_ classifier: TextClassifier) -> [UInt8] {
        var out = ByteWriter()
        out.append(layoutVersion)
        out.append(UInt32(classifier.categoryCodes.count))
        out.append(classifier.words.transitionSlots)
        out.append(UInt64(classifier.words.transitionCount))
        out.append(classifier.words.wordHashes)
        out.append(UInt32(classifier.model.labelCount))
        out.append(classifier.model.l2.bitPattern)
        out.append(classifier.model.features.slots)
        out.append(UInt64(classifier.model.features.count))
        out.append(classifier.model.weights.map(\.bitPattern))
        out.append(classifier.model.bias.map(\.bitPattern))
        out.append(classifier.trained.map { UInt64($0 ? 1 : 0) })
        out.append(classifier.calibration.cut.bitPattern)
        out.append(classifier.calibration.threshold.bitPattern)
        return out.bytes
    }

    /// The classifier `bytes` hold, for `taxonomy`; nil when they are not a whole model of this layout
    /// with as many categories and labels as the taxonomy has.
    public static func decode(_ bytes: [UInt8], taxonomy: Taxonomy) -> TextClassifier? {
        var input = ByteReader(bytes)
        let tuning = TextClassifier.Tuning.standard
        let categories = taxonomy.categories.count
        guard input.uint32() == layoutVersion, input.uint32() == UInt32(categories),
              let wordSlots = input.uint64s(), let wordCount = input.uint64(), let wordHashes = input.uint64s(),
              let words = WordMatcher(transitionSlots: wordSlots, transitionCount: Int(clamping: wordCount), wordHashes: wordHashes),
              input.uint32() == UInt32(categories + Kind.allCases.count),
              let l2 = input.uint32().map(Float.init(bitPattern:)), l2 == tuning.l2,
              let featureSlots = input.uint64s(), let featureCount = input.uint64(),
              let features = FeatureTable(slots: featureSlots, count: Int(clamping: featureCount)),
              let weights = input.uint32s()?.map(Float.init(bitPattern:)), let bias = input.uint32s()?.map(Float.init(bitPattern:)),
              let model = SoftmaxRegression(labelCount: categories + Kind.allCases.count, l2: l2, features: features,
                                            weights: weights, bias: bias),
              let trained = input.uint64s(), trained.count == categories, trained.allSatisfy({ $0 <= 1 }),
              let cut = input.uint32().map(Float.init(bitPattern:)), let threshold = input.uint32().map(Float.init(bitPattern:)),
              let calibration = ConfidenceCalibration(savedCut: cut, threshold: threshold),
              input.isAtEnd else { return nil }
        return TextClassifier(taxonomy: taxonomy, tuning: tuning, words: words, model: model, trained: trained.map { $0 == 1 },
                              calibration: calibration)
    }
}

/// Little-endian numbers, and arrays and strings with their counts first.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func append(_ text: String) {
        append(UInt32(text.utf8.count))
        bytes += text.utf8
    }
    mutating func append(_ values: [UInt64]) {
        append(UInt64(values.count))
        bytes.reserveCapacity(bytes.count + values.count * 8)
        for value in values { append(value) }
    }
    mutating func append(_ values: [UInt32]) {
        append(UInt64(values.count))
        bytes.reserveCapacity(bytes.count + values.count * 4)
        for value in values { append(value) }
    }
}

/// Reads what ``ByteWriter`` wrote; every read is nil past the end, so a cut-short input is never read as whole.
private struct ByteReader {
    let bytes: [UInt8]
    var position = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func uint32() -> UInt32? { fixed(UInt32.self) }
    mutating func uint64() -> UInt64? { fixed(UInt64.self) }

    mutating func uint64s() -> [UInt64]? { array(UInt64.self) }
    mutating func uint32s() -> [UInt32]? { array(UInt32.self) }

    private mutating func fixed<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard bytes.count - position >= size else { return nil }
        var value = T.zero
        for i in 0..<size { value |= T(bytes[position + i]) << (8 * i) }
        position += size
        return value
    }

    private mutating func array<T: FixedWidthInteger>(_: T.Type) -> [T]? {
        guard let count = uint64(), count <= UInt64((bytes.count - position) / MemoryLayout<T>.size) else { return nil }
        var values = [T]()
        values.reserveCapacity(Int(count))
        for _ in 0..<count { values.append(fixed(T.self)!) }
        return values
    }
}
