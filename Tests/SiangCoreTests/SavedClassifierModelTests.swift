import Foundation
import Testing
@testable import SiangCore

/// The shipped model, trained once for the tests below, with what it was trained from.
private struct Shipped: Sendable {
    let taxonomy: Taxonomy
    let corpus: [LabelledText]
    let threshold: Double
    let classifier: TextClassifier
    let bytes: [UInt8]

    init() throws {
        let configuration = try SiangConfiguration.defaults()
        taxonomy = configuration.taxonomy
        threshold = configuration.classifier.confidenceThreshold
        corpus = try SeedCorpus.load()
        classifier = TextClassifier.calibrated(taxonomy: taxonomy, examples: corpus, threshold: threshold)
        bytes = SavedClassifierModel.encode(classifier)
    }
}

private let shipped = Result { try Shipped() }

@Suite("Saved classifier model")
struct SavedClassifierModelTests {
    @Test func aReadModelClassifiesExactlyAsTheTrainedOne() throws {
        let s = try shipped.get()
        let read = try #require(SavedClassifierModel.decode(s.bytes, taxonomy: s.taxonomy))
        let texts = s.corpus.map(\.text) + (try HeldOutSet.load()).map(\.text)
            + ["", "5555", "ok", "สวัสดีครับ", "ไฟถนนดับทั้งซอย บริเวณหมู่ 3", "เจ้าหน้าที่เรียกรับเงิน 😡", "อยากทราบเวลาทำการ?"]
        for text in texts {
            #expect(read.classify(subject: nil, text: text) == s.classifier.classify(subject: nil, text: text), "\(text)")
            #expect(read.classify(subject: "เรื่องร้องเรียน", text: text) == s.classifier.classify(subject: "เรื่องร้องเรียน", text: text))
        }
        #expect(SavedClassifierModel.encode(read) == s.bytes, "read and written again, the bytes are the same")
    }

    @Test func aReadModelLearnsAsTheTrainedOneDoes() throws {
        let s = try shipped.get()
        var read = try #require(SavedClassifierModel.decode(s.bytes, taxonomy: s.taxonomy))
        var trained = s.classifier
        let example = LabelledText(text: "ต้นไม้ล้มขวางถนน", category: "road", kind: .complaint)
        read.learn(example)
        trained.learn(example)
        #expect(SavedClassifierModel.encode(read) == SavedClassifierModel.encode(trained))
    }

    @Test func bytesCutShortAreNeverAModel() throws {
        let s = try shipped.get()
        let cuts = [0, 1, 3, 4, 7, 8, 9, 16, 100, s.bytes.count / 3, s.bytes.count / 2, s.bytes.count - 9, s.bytes.count - 5,
                    s.bytes.count - 4, s.bytes.count - 1]
        for cut in cuts {
            #expect(SavedClassifierModel.decode(Array(s.bytes.prefix(cut)), taxonomy: s.taxonomy) == nil, "cut at \(cut)")
        }
        #expect(SavedClassifierModel.decode(s.bytes + [0], taxonomy: s.taxonomy) == nil, "a byte too many")
    }

    @Test func bytesOfAnotherLayoutOrNoModelAreRefused() throws {
        let s = try shipped.get()
        var otherLayout = s.bytes
        otherLayout[0] &+= 1
        #expect(SavedClassifierModel.decode(otherLayout, taxonomy: s.taxonomy) == nil)
        #expect(SavedClassifierModel.decode(Array("SIANGCM1 not a model at all".utf8), taxonomy: s.taxonomy) == nil)
        #expect(SavedClassifierModel.decode([UInt8](repeating: 0xFF, count: 4_096), taxonomy: s.taxonomy) == nil)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let noise = (0..<Int.random(in: 0...2_000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(SavedClassifierModel.decode(noise, taxonomy: s.taxonomy) == nil)
        }
    }

    @Test func aCountOrIndexOutOfPlaceIsRefused() throws {
        let s = try shipped.get()
        // The first array's count (after the layout version and category count) made huge, then one too many.
        var huge = s.bytes
        for i in 8..<16 { huge[i] = 0xFF }
        #expect(SavedClassifierModel.decode(huge, taxonomy: s.taxonomy) == nil)
        var oneMore = s.bytes
        oneMore[8] &+= 1
        #expect(SavedClassifierModel.decode(oneMore, taxonomy: s.taxonomy) == nil)
    }

    @Test func aModelOfAnotherTaxonomyIsRefused() throws {
        let s = try shipped.get()
        var fewer = s.taxonomy
        fewer.categories.removeLast()
        #expect(SavedClassifierModel.decode(s.bytes, taxonomy: fewer) == nil)
        var more = s.taxonomy
        more.categories.append(Category(code: "parking", th: "ที่จอดรถ", en: "Parking", restricted: false, keywords: ["ที่จอดรถ"]))
        #expect(SavedClassifierModel.decode(s.bytes, taxonomy: more) == nil)
    }

    @Test func theRecipeChangesWithEverythingTrainingDependsOn() throws {
        let s = try shipped.get()
        func recipe(taxonomy: Taxonomy? = nil, corpus: [LabelledText]? = nil, threshold: Double? = nil, folds: Int = 4) -> [UInt8] {
            SavedClassifierModel.recipe(taxonomy: taxonomy ?? s.taxonomy, examples: corpus ?? s.corpus, threshold: threshold ?? s.threshold,
                                        folds: folds)
        }
        let base = recipe()
        #expect(recipe() == base, "the same inputs give the same recipe")
        var edited = s.corpus
        edited[0].text += "!"
        var relabelled = s.corpus
        relabelled[1].category = relabelled[1].category == "road" ? "water" : "road"
        var keyword = s.taxonomy
        keyword.categories[0].keywords.append("คำใหม่")
        var renamedCode = s.taxonomy
        renamedCode.categories[0].code += "x"
        let variants = [
            recipe(corpus: edited), recipe(corpus: relabelled), recipe(corpus: Array(s.corpus.dropLast())),
            recipe(corpus: s.corpus.reversed()), recipe(taxonomy: keyword), recipe(taxonomy: renamedCode),
            recipe(threshold: s.threshold + 0.05), recipe(folds: 5),
        ]
        for (i, variant) in variants.enumerated() { #expect(variant != base, "variant \(i)") }
        #expect(Set(variants.map { Data($0) }).count == variants.count)
    }
}
