import Foundation

/// Sorts a new case into a taxonomy category and a ``Kind`` from its subject and text.
///
/// Thai is written without spaces and mixed with English, digits and emoji, so the model reads
/// characters and words: a multinomial logistic regression (``SoftmaxRegression``) over character 2- to
/// 4-grams of the normalised text (``TextNormalizer``, ``CharacterNGrams``) and the dictionary words
/// and word pairs of its training texts (ICU's Thai segmentation learned once, ``WordMatcher``), with
/// the taxonomy's per-category `keywords` and built-in cues for the kind (``KeywordRules``) both as
/// learned features and as a fixed bonus. The softmax gives a raw probability; the shipped model's
/// confidence is calibrated on cross-validated answers (``ConfidenceCalibration``) so answers at or
/// above the agency's threshold are right at least 95 % of the time. A text with no signal (a
/// greeting, "ok", "5555") comes out `other` with a low confidence, and so does a text whose best
/// category is no better than a guess.
///
/// Build one with ``shipped(taxonomy:threshold:)`` (the bundled corpus, calibrated),
/// ``calibrated(taxonomy:examples:threshold:folds:)`` or ``init(taxonomy:examples:)`` (uncalibrated);
/// feed staff reclassifications to ``learn(_:)``. It only ever answers with categories of its taxonomy,
/// and the same text always gets the same answer. Classifying allocates nothing per n-gram and runs at
/// tens of thousands of texts per second per core (`bench/classifier`).
public struct TextClassifier: Sendable {
    /// The knobs of the model, chosen by five-fold cross-validation over the training corpus (never on
    /// the held-out set the tests measure; bench/classifier/README.md has the figures).
    struct Tuning: Sendable, Equatable {
        var lengths: ClosedRange<Int> = 2...4
        /// Whether dictionary words and word pairs (``WordMatcher``) count beside the n-grams.
        var words = true
        /// How many times a matched word counts against one n-gram: a word is one feature where its
        /// letters make several n-grams, and it is the surer evidence.
        var wordWeight = 4
        /// A feature found in fewer training texts than this is dropped after training.
        var minimumTexts = 2
        var l2: Float = 5e-4
        var epochs = 10
        var learningRate: Float = 2
        /// Divides the logits before the softmax (above 1 flattens overconfident answers).
        var temperature: Float = 0.6
        /// Added to a label's logit for each keyword occurrence, up to `keywordCap` of them.
        var keywordWeight: Float = 1
        var keywordCap = 2
        /// The value of a learned keyword feature per occurrence (n-gram values are about 1/sqrt(length)).
        var keywordFeatureValue: Float = 0.1
        var kindCueWeight: Float = 1.5
        /// How far the kind head's steps are evened out between kinds: an example of a kind with n
        /// training texts steps by (mean n / n) to this power. Complaints outnumber every other kind
        /// several times over, and without it the head learns that "complaint" is the safe answer.
        var kindBalance: Float = 1
        /// A text with fewer letters than this (consonants, not vowels, digits or emoji) and no keyword
        /// is "no signal": greetings, tests, "ok", "5555". The answer is `other`, with low confidence.
        var minimumLetters = 8
        /// Below this probability, the best category is no better than a guess and `other` is answered.
        var otherBelow: Float = 0.25
        /// The most confidence an answer forced to `other` for lack of signal may claim.
        var lowSignalConfidence: Float = 0.2
        /// A staff reclassification takes gradient steps until the model gives its label this much
        /// probability (or `learnSteps` run out).
        var learnTarget: Float = 0.9
        var learnSteps = 50

        static let standard = Tuning()
    }

    public let taxonomy: Taxonomy
    /// The category codes in taxonomy order; label `i` of the model is `categoryCodes[i]`, and label
    /// `categoryCodes.count + j` is `Kind.allCases[j]`.
    let categoryCodes: [String]
    let kinds: [Kind] = Kind.allCases
    let tuning: Tuning
    let ngrams: CharacterNGrams
    /// The dictionary words of the training texts, matched in every text beside the n-grams.
    let words: WordMatcher
    private(set) var model: SoftmaxRegression
    let rules: KeywordRules
    let otherIndex: Int?
    /// Per category: whether any example has trained it. Categories the agency added and nobody has
    /// trained yet are reached only through their keywords.
    private(set) var trained: [Bool]
    /// From the model's probability for its category to the share of such answers that are right.
    private(set) var calibration = ConfidenceCalibration.identity

    private var categoryHead: Range<Int> { 0..<categoryCodes.count }
    private var kindHead: Range<Int> { categoryCodes.count..<(categoryCodes.count + kinds.count) }

    /// Trains on `examples`. Examples whose category the taxonomy lacks are skipped (an agency that
    /// drops a category drops its examples); examples without a kind train the category only.
    public init(taxonomy: Taxonomy, examples: [LabelledText]) {
        self.init(taxonomy: taxonomy, examples: examples, tuning: .standard)
    }

    init(taxonomy: Taxonomy, examples: [LabelledText], tuning: Tuning) {
        self.taxonomy = taxonomy
        self.tuning = tuning
        categoryCodes = taxonomy.categories.map(\.code)
        ngrams = CharacterNGrams(lengths: tuning.lengths)
        words = tuning.words ? WordMatcher(learningFrom: examples.lazy.map(\.text)) : WordMatcher(words: [])
        otherIndex = categoryCodes.firstIndex(of: Taxonomy.fallbackCode)
        trained = [Bool](repeating: false, count: categoryCodes.count)
        model = SoftmaxRegression(labelCount: categoryCodes.count + Kind.allCases.count, l2: tuning.l2,
                                  expectedFeatures: max(4_096, examples.count * 64))
        rules = KeywordRules(Self.keywords(of: taxonomy))

        var data: [(x: SoftmaxRegression.Vector, category: Int?, kind: Int?)] = []
        for example in examples {
            let labels = self.labels(of: example)
            guard labels.category != nil || labels.kind != nil else { continue }
            if let c = labels.category { trained[c] = true }
            data.append((vector(of: example.text), labels.category, labels.kind))
        }
        let kindStep = Self.kindStepScales(data.compactMap(\.kind), kinds: Kind.allCases.count, power: tuning.kindBalance)
        // In how many training texts each feature occurs (keyword features are always kept).
        var textsWith = [Int32](repeating: 0, count: model.features.count)
        for example in data { for row in example.x.rows { textsWith[Int(row)] += 1 } }
        // A fixed shuffle per epoch (a linear congruential generator), so training never varies.
        var order = Array(data.indices)
        var seed: UInt64 = 0x5349_414E_47
        for epoch in 0..<tuning.epochs {
            for i in order.indices.reversed() where i > 0 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(i, Int((seed >> 33) % UInt64(i + 1)))
            }
            let rate = tuning.learningRate / (1 + Float(epoch) * 0.25)
            for i in order {
                if let c = data[i].category { model.step(data[i].x, label: c, head: categoryHead, rate: rate) }
                if let k = data[i].kind { model.step(data[i].x, label: categoryCodes.count + k, head: kindHead, rate: rate * kindStep[k]) }
            }
        }
        if tuning.minimumTexts > 1 {
            let keywordRows = Set((0..<model.labelCount).map { model.features.row(of: Self.keywordFeature($0)) })
            let minimum = Int32(tuning.minimumTexts)
            model.prune { row in textsWith[row] >= minimum || keywordRows.contains(Int32(row)) }
        }
    }

    /// A classifier from its learned parts (``SavedClassifierModel``): what training gave, with
    /// everything else made again from `taxonomy` and `tuning` as training makes it.
    init(taxonomy: Taxonomy, tuning: Tuning, words: WordMatcher, model: SoftmaxRegression, trained: [Bool],
         calibration: ConfidenceCalibration) {
        self.taxonomy = taxonomy
        self.tuning = tuning
        categoryCodes = taxonomy.categories.map(\.code)
        ngrams = CharacterNGrams(lengths: tuning.lengths)
        self.words = words
        otherIndex = categoryCodes.firstIndex(of: Taxonomy.fallbackCode)
        self.trained = trained
        self.model = model
        rules = KeywordRules(Self.keywords(of: taxonomy))
        self.calibration = calibration
    }

    /// The keywords the rules match, each with its label: every category's, then the kinds' cues.
    static func keywords(of taxonomy: Taxonomy) -> [(keyword: String, label: Int)] {
        var keywords: [(keyword: String, label: Int)] = []
        for (index, category) in taxonomy.categories.enumerated() {
            keywords += category.keywords.map { ($0, index) }
        }
        let firstKind = taxonomy.categories.count
        for (index, kind) in Kind.allCases.enumerated() {
            keywords += (KindCues.words[kind] ?? []).map { ($0, firstKind + index) }
        }
        return keywords
    }

    /// Per kind, the factor of its training steps: (mean count / its count) ^ `power`, 1 for a kind
    /// with no examples.
    static func kindStepScales(_ kinds: [Int], kinds kindCount: Int, power: Float) -> [Float] {
        var counts = [Int](repeating: 0, count: kindCount)
        for k in kinds { counts[k] += 1 }
        let present = counts.filter { $0 > 0 }
        guard power != 0, !present.isEmpty else { return [Float](repeating: 1, count: kindCount) }
        let mean = Float(present.reduce(0, +)) / Float(present.count)
        return counts.map { $0 > 0 ? powf(mean / Float($0), power) : 1 }
    }

    /// The classifier trained on the whole bundled corpus, with the keywords of `taxonomy`, its
    /// confidence calibrated by cross-validation (``calibrated(taxonomy:examples:folds:)``).
    public static func shipped(taxonomy: Taxonomy, threshold: Double = 0.6) throws(ClassifierError) -> TextClassifier {
        calibrated(taxonomy: taxonomy, examples: try SeedCorpus.load(), threshold: threshold)
    }

    /// The folds of the shipped model's calibration.
    public static let calibrationFolds = 4

    /// Trains on `examples` and calibrates the confidence (``ConfidenceCalibration``) on the answers
    /// that models trained on all but one of `folds` stratified folds give to the fold they never saw,
    /// so that answers at or above `threshold` (the agency's `classifier.confidenceThreshold`) are
    /// right at least 95 % of the time. Costs `folds` + 1 trainings.
    public static func calibrated(taxonomy: Taxonomy, examples: [LabelledText], threshold: Double = 0.6,
                                  folds: Int = calibrationFolds) -> TextClassifier {
        var classifier = TextClassifier(taxonomy: taxonomy, examples: examples)
        let codes = Set(classifier.categoryCodes)
        let usable = examples.filter { codes.contains($0.category) }
        guard usable.count >= folds * 2 else { return classifier }
        let split = StratifiedFolds(usable, count: folds)
        var answers: [(probability: Float, right: Bool)] = []
        for k in 0..<folds {
            let (train, test) = split.split(usable, holdingOut: k)
            let model = TextClassifier(taxonomy: taxonomy, examples: train)
            for example in test {
                let result = model.classify(subject: nil, text: example.text)
                answers.append((Float(result.confidence), result.category == example.category))
            }
        }
        classifier.calibration = ConfidenceCalibration(fitting: answers, threshold: threshold)
        return classifier
    }

    /// Learns from a staff reclassification: the model is stepped towards the example's (new)
    /// category, and its kind when given, until it agrees with them, so the text and texts like it now
    /// come out that way. A category outside the taxonomy is ignored.
    public mutating func learn(_ example: LabelledText) {
        let labels = labels(of: example)
        guard labels.category != nil || labels.kind != nil else { return }
        let x = vector(of: example.text)
        if let c = labels.category {
            trained[c] = true
            learn(x, label: c, head: categoryHead)
        }
        if let k = labels.kind { learn(x, label: categoryCodes.count + k, head: kindHead) }
    }

    private mutating func learn(_ x: SoftmaxRegression.Vector, label: Int, head: Range<Int>) {
        for _ in 0..<tuning.learnSteps {
            if model.step(x, label: label, head: head, rate: tuning.learningRate) >= tuning.learnTarget { return }
        }
    }

    /// The model's input for a text it learns from: the text's n-grams, and one feature per label
    /// whose keywords it contains (the model learns how far each label's keywords can be trusted).
    private mutating func vector(of text: String) -> SoftmaxRegression.Vector {
        var hashes: [UInt64] = []
        var hits = [Int](repeating: 0, count: model.labelCount)
        TextNormalizer.withNormalized(subject: nil, text: text) { scalars in
            ngrams.forEach(in: scalars) { hashes.append($0) }
            words.forEach(in: scalars) { for _ in 0..<tuning.wordWeight { hashes.append($0) } }
            rules.forEachMatch(in: scalars) { hits[$0] += 1 }
        }
        var x = model.vector(adding: hashes)
        for (label, count) in hits.enumerated() where count > 0 {
            model.append(feature: Self.keywordFeature(label), value: Float(min(count, tuning.keywordCap)) * tuning.keywordFeatureValue, to: &x)
        }
        return x
    }

    /// The feature "the text contains keywords of `label`", out of the way of n-gram hashes (a clash
    /// has odds of about one in 2^40).
    static func keywordFeature(_ label: Int) -> UInt64 { FeatureTable.mix(0x4B45_5957_4F52_4400 | UInt64(label)) }

    private func labels(of example: LabelledText) -> (category: Int?, kind: Int?) {
        (categoryCodes.firstIndex(of: example.category), example.kind.flatMap { kinds.firstIndex(of: $0) })
    }
}
