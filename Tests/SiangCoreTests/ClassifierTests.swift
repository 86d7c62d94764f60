import Foundation
import Testing
@testable import SiangCore

/// Models trained once and shared by the tests below (training takes a moment in a debug build).
private struct Trained: Sendable {
    let taxonomy: Taxonomy
    let train: [LabelledText]
    let heldOut: [LabelledText]
    /// Trained on `train` only: the held-out examples are never seen.
    let evaluated: TextClassifier
    /// Trained on the whole corpus, as deployments get it.
    let shipped: TextClassifier

    init() throws {
        taxonomy = try SiangConfiguration.defaults().taxonomy
        (train, heldOut) = try SeedCorpus.split()
        evaluated = TextClassifier(taxonomy: taxonomy, examples: train)
        shipped = try TextClassifier.shipped(taxonomy: taxonomy)
    }
}

private let trained = Result { try Trained() }

@Suite("Text classifier")
struct ClassifierTests {
    // MARK: Quality on texts it never saw

    @Test func heldOutMacroF1IsAtLeast085() throws {
        let t = try trained.get()
        #expect(!t.heldOut.isEmpty)
        let trainTexts = Set(t.train.map(\.text))
        #expect(t.heldOut.allSatisfy { !trainTexts.contains($0.text) }, "held-out texts must not be trained on")

        var truePositives: [String: Int] = [:], falsePositives: [String: Int] = [:], falseNegatives: [String: Int] = [:]
        for example in t.heldOut {
            let predicted = t.evaluated.classify(subject: nil, text: example.text).category
            if predicted == example.category {
                truePositives[example.category, default: 0] += 1
            } else {
                falsePositives[predicted, default: 0] += 1
                falseNegatives[example.category, default: 0] += 1
            }
        }
        var f1s: [Double] = []
        print("held-out: \(t.heldOut.count) texts, trained on \(t.train.count)")
        print("category          precision  recall    F1")
        for code in t.taxonomy.categories.map(\.code) {
            let tp = Double(truePositives[code] ?? 0)
            let precision = tp / max(1, tp + Double(falsePositives[code] ?? 0))
            let recall = tp / max(1, tp + Double(falseNegatives[code] ?? 0))
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            f1s.append(f1)
            print("\(code.padding(toLength: 16, withPad: " ", startingAt: 0))  \(fixed(precision))       \(fixed(recall))    \(fixed(f1))")
        }
        let macroF1 = f1s.reduce(0, +) / Double(f1s.count)
        print("macro-F1 \(fixed(macroF1))")
        #expect(macroF1 >= 0.85)
    }

    @Test func heldOutKindAccuracyIsAtLeast085() throws {
        let t = try trained.get()
        let withKind = t.heldOut.filter { $0.kind != nil }
        let correct = withKind.filter { t.evaluated.classify(subject: nil, text: $0.text).kind == $0.kind }.count
        let accuracy = Double(correct) / Double(withKind.count)
        print("held-out kind accuracy \(fixed(accuracy)) (\(correct)/\(withKind.count))")
        #expect(accuracy >= 0.85)
    }

    @Test func corruptionTextsAreRecognised() throws {
        let t = try trained.get()
        let texts = [
            "เจ้าหน้าที่กองช่างเรียกเงินสามพันบาทแลกกับการเซ็นอนุมัติแบบบ้านให้เร็วขึ้น",
            "ประมูลงานก่อสร้างทีไรบริษัทเดิมได้ทุกครั้ง ฮั้วกันแน่นอน ขอให้ตรวจสอบ",
            "the inspector wanted a bribe before he would sign off on my restaurant",
            "หัวหน้างานเบิกค่าเดินทางไปราชการ ทั้งที่ไม่ได้ไปจริง เป็นการทุจริต",
            "มีการจ่ายเงินใต้โต๊ะเพื่อให้ได้แผงขายของในตลาดเทศบาล",
        ]
        for text in texts {
            let result = t.shipped.classify(subject: nil, text: text)
            #expect(result.category == "corruption", "\(text) -> \(result.category) \(fixed(result.confidence))")
        }
    }

    @Test func everyDefaultCategoryIsRecognisedFromATypicalText() throws {
        let t = try trained.get()
        let texts: [String: String] = [
            "road": "ถนนหน้าวัดเป็นหลุมลึกมาก รถจักรยานยนต์ตกหลุมล้มทุกวัน",
            "lighting": "ไฟถนนในซอยดับหมดทั้งซอยมาสามคืนแล้วค่ะ มืดมาก",
            "water": "น้ำประปาไม่ไหลตั้งแต่เช้า ไม่มีน้ำใช้เลย",
            "waste": "รถขยะไม่มาเก็บขยะหน้าบ้านหนึ่งอาทิตย์แล้ว ส่งกลิ่นเหม็น",
            "nuisance": "ร้านข้างบ้านเปิดเพลงเสียงดังทุกคืนจนตีสอง นอนไม่ได้",
            "safety": "สุนัขจรจัดไล่กัดเด็กนักเรียนหน้าโรงเรียน",
            "staff_conduct": "เจ้าหน้าที่ที่เคาน์เตอร์พูดจาไม่สุภาพ ตะคอกใส่ผู้สูงอายุ",
            "process_delay": "ยื่นขอใบอนุญาตก่อสร้างมาสามเดือนแล้วยังไม่ได้ ไม่มีความคืบหน้า",
            "digital_service": "เว็บไซต์เทศบาลล่ม เข้าระบบชำระภาษีออนไลน์ไม่ได้",
            "information": "ขอสำเนารายงานการประชุมสภาเทศบาลครั้งล่าสุดครับ",
        ]
        for (expected, text) in texts.sorted(by: { $0.key < $1.key }) {
            let result = t.shipped.classify(subject: nil, text: text)
            #expect(result.category == expected, "\(text) -> \(result.category) \(fixed(result.confidence))")
        }
    }

    // MARK: Confidence

    @Test func textWithoutSignalComesOutOtherWithLowConfidence() throws {
        let t = try trained.get()
        for text in ["", "   ", "ok", "???", "...", "สวัสดีครับ", "5555", "🙂🙂"] {
            let result = t.shipped.classify(subject: nil, text: text)
            #expect(result.category == "other", "\"\(text)\" -> \(result.category)")
            #expect(result.confidence < 0.5, "\"\(text)\" -> confidence \(fixed(result.confidence))")
        }
    }

    @Test func clearTextsAreConfidentAndConfidencesAreProbabilities() throws {
        let t = try trained.get()
        let clear = t.shipped.classify(subject: "ไฟถนนดับ", text: "ไฟส่องสว่างในซอยดับหมดทุกต้น มืดมาก หลอดไฟขาดมาเป็นเดือน")
        #expect(clear.category == "lighting")
        #expect(clear.confidence >= 0.8)
        for example in t.heldOut {
            let result = t.evaluated.classify(subject: nil, text: example.text)
            #expect((0...1).contains(result.confidence) && (0...1).contains(result.kindConfidence))
        }
    }

    @Test func confidentAnswersAreRightMoreOftenThanUnsureOnes() throws {
        let t = try trained.get()
        let results = t.heldOut.map { ($0, t.evaluated.classify(subject: nil, text: $0.text)) }
        let sure = results.filter { $0.1.confidence >= 0.8 }
        let unsure = results.filter { $0.1.confidence < 0.5 }
        let sureAccuracy = Double(sure.filter { $0.0.category == $0.1.category }.count) / Double(max(sure.count, 1))
        let unsureAccuracy = Double(unsure.filter { $0.0.category == $0.1.category }.count) / Double(max(unsure.count, 1))
        print("confidence >= 0.8: \(sure.count) texts, accuracy \(fixed(sureAccuracy)); < 0.5: \(unsure.count) texts, accuracy \(fixed(unsureAccuracy))")
        #expect(sureAccuracy >= 0.9)
        #expect(sureAccuracy > unsureAccuracy)
    }

    // MARK: Kind

    @Test func kindsAreRecognised() throws {
        let t = try trained.get()
        let texts: [(String, Kind)] = [
            ("ขอชื่นชมเจ้าหน้าที่งานทะเบียนที่บริการดีมาก ยิ้มแย้มและรวดเร็ว", .compliment),
            ("อยากให้เทศบาลติดตั้งไฟส่องสว่างเพิ่มในสวนสาธารณะค่ะ", .suggestion),
            ("สอบถามว่าจ่ายภาษีป้ายได้ถึงวันไหนคะ", .inquiry),
            ("น้ำประปาไม่ไหลมาสามวันแล้ว เดือดร้อนมาก", .complaint),
        ]
        for (text, kind) in texts {
            let result = t.shipped.classify(subject: nil, text: text)
            #expect(result.kind == kind, "\(text) -> \(result.kind)")
        }
    }

    // MARK: Learning from staff

    @Test func learningAReclassificationMovesSimilarTexts() throws {
        let t = try trained.get()
        var classifier = t.shipped
        // An agency that handles abandoned cars as a road matter.
        let reclassified = "มีรถยนต์เก่าจอดทิ้งไว้ริมถนนหน้าหมู่บ้านมาหลายเดือน ไม่มีใครมาเอาไป"
        let similar = "รถเก่าถูกจอดทิ้งไว้ริมถนนในซอยเป็นเดือนแล้ว ไม่มีเจ้าของมาเอาไปเลย"
        let before = classifier.classify(subject: nil, text: similar)
        #expect(before.category != "road", "pick a text the shipped model does not already call road")

        classifier.learn(LabelledText(text: reclassified, category: "road", kind: .complaint))

        #expect(classifier.classify(subject: nil, text: reclassified).category == "road")
        let after = classifier.classify(subject: nil, text: similar)
        #expect(after.category == "road", "similar text still \(after.category) \(fixed(after.confidence))")
        // Learning one text does not unlearn the others.
        #expect(classifier.classify(subject: nil, text: "ไฟถนนในซอยดับหมดทั้งซอย มืดมาก").category == "lighting")
    }

    @Test func learningACategoryOutsideTheTaxonomyChangesNothing() throws {
        let t = try trained.get()
        var classifier = t.shipped
        let text = "ถนนหน้าวัดเป็นหลุมลึกมาก"
        let before = classifier.classify(subject: nil, text: text)
        classifier.learn(LabelledText(text: text, category: "no_such_category"))
        #expect(classifier.classify(subject: nil, text: text) == before)
    }

    // MARK: Taxonomy

    @Test func categoriesOutsideTheTaxonomyAreNeverReturned() throws {
        let t = try trained.get()
        let kept = t.taxonomy.categories.filter { !["corruption", "information", "road"].contains($0.code) }
        let smaller = Taxonomy(categories: kept)
        let classifier = TextClassifier(taxonomy: smaller, examples: t.train + t.heldOut)
        let allowed = Set(kept.map(\.code))
        for example in t.heldOut {
            let result = classifier.classify(subject: nil, text: example.text)
            #expect(allowed.contains(result.category), "\(result.category) is not in the taxonomy")
        }
    }

    @Test func aNewCategoryIsReachedThroughItsKeywordsBeforeAnyExample() throws {
        let t = try trained.get()
        var categories = t.taxonomy.categories
        categories.insert(Category(code: "trees", th: "ต้นไม้ในที่สาธารณะ", en: "Public trees",
                                   keywords: ["ตัดกิ่งไม้", "ตัดแต่งกิ่ง", "ตัดต้นไม้"]), at: 0)
        let classifier = TextClassifier(taxonomy: Taxonomy(categories: categories), examples: t.train)
        let result = classifier.classify(subject: nil, text: "ขอให้มาตัดแต่งกิ่งไม้ริมรั้วโรงเรียนหน่อยครับ กิ่งยาวเข้ามาในสนาม")
        #expect(result.category == "trees", "-> \(result.category) \(fixed(result.confidence))")
    }

    @Test func theSubjectCounts() throws {
        let t = try trained.get()
        let text = "ขอให้ช่วยตรวจสอบด้วยครับ เรื่องนี้เกิดขึ้นมาหลายครั้งแล้ว"
        let withSubject = t.shipped.classify(subject: "เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ", text: text)
        #expect(withSubject.category == "corruption")
    }

    // MARK: Determinism

    @Test func outputIsDeterministic() throws {
        let t = try trained.get()
        let again = TextClassifier(taxonomy: t.taxonomy, examples: t.train)
        for example in t.heldOut {
            let first = t.evaluated.classify(subject: nil, text: example.text)
            #expect(first == again.classify(subject: nil, text: example.text))
            #expect(first == t.evaluated.classify(subject: nil, text: example.text))
        }
    }

    // MARK: Seed corpus

    @Test func seedCorpusCoversEveryDefaultCategoryAndKind() throws {
        let t = try trained.get()
        let all = t.train + t.heldOut
        let codes = Set(t.taxonomy.categories.map(\.code))
        #expect(all.allSatisfy { codes.contains($0.category) })
        for code in codes {
            let examples = all.filter { $0.category == code }
            #expect(examples.count >= 60, "\(code) has \(examples.count) examples")
        }
        for kind in Kind.allCases {
            #expect(all.filter { $0.kind == kind }.count >= 30, "\(kind) is under-represented")
        }
        #expect(Set(all.map(\.text)).count == all.count, "the corpus repeats a text")
    }

    @Test func theSplitHoldsOutEveryFifthExampleOfEachCategory() throws {
        let all = try SeedCorpus.load()
        let (train, heldOut) = try SeedCorpus.split()
        #expect(train.count + heldOut.count == all.count)
        for code in Set(all.map(\.category)) {
            let total = all.filter { $0.category == code }.count
            #expect(heldOut.filter { $0.category == code }.count == total / 5)
        }
    }

    @Test func aMalformedCorpusLineIsAnErrorNamingTheLine() {
        #expect(throws: ClassifierError.corpusUnreadable(line: 3, reason: "unknown kind \"praise\"")) {
            try SeedCorpus.parse("category\tkind\ttext\nroad\tcomplaint\tถนนพัง\nroad\tpraise\tถนนดีมาก\n")
        }
        #expect(throws: ClassifierError.corpusUnreadable(line: 2, reason: "expected 3 tab-separated fields, found 2")) {
            try SeedCorpus.parse("category\tkind\ttext\nroad ถนนพัง\tcomplaint\n")
        }
        #expect(throws: ClassifierError.self) { try SeedCorpus.parse("text\tlabel\nถนนพัง\troad\n") }
    }

    // MARK: Normalisation

    @Test func spellingVariantsNormaliseAlike() {
        let n = TextNormalizer.normalizedString
        #expect(n("เป็น") == n("เปน"))
        #expect(n("ไม่ไหล") == n("ไมไหล"))
        #expect(n("มากกกกก") == n("มาก"))
        #expect(n("เเก้ไข") == n("แก้ไข"))
        #expect(n("น้ํา") == n("น้ำ"))
        #expect(n("ซอย 12") == n("ซอย ๑๒"))
        #expect(n("5555") == n("5"))
        #expect(n("Street LIGHT!!!") == "street light!")
        #expect(n("  ถนน,   พัง\u{200B}  ") == "ถนน พัง")
        #expect(n("ธรรม") != n("ธม"), "double letters are spelling, not emphasis")
    }
}

private func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
