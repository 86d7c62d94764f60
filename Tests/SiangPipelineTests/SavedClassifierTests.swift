import Foundation
import SiangCore
import Testing
@testable import SiangPipeline

/// The classifier kept in the data directory (`classifier.model`): trained and saved on the first start,
/// read on the next, and trained again whenever the file is not exactly the model this start would train.
@Suite struct SavedClassifierTests {
    static let taxonomy = Result { try SiangConfiguration.defaults().taxonomy }
    static let probes = miniCorpus.map(\.text) + ["ไฟดับทั้งซอย", "ขยะเต็มถัง ส่งกลิ่น", "สวัสดีค่ะ", "", "อยากทราบเวลาทำการ?"]

    static func directory() throws -> String {
        let dir = NSTemporaryDirectory() + "siang-classifier-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func load(_ dir: String?, taxonomy: Taxonomy? = nil, examples: [LabelledText] = miniCorpus,
                     threshold: Double = 0.6) throws -> (classifier: TextClassifier, source: SavedClassifier.Source) {
        SavedClassifier.load(taxonomy: try taxonomy ?? Self.taxonomy.get(), examples: examples, threshold: threshold, dataDirectory: dir)
    }

    static func expectSameAnswers(_ a: TextClassifier, _ b: TextClassifier, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in probes {
            #expect(a.classify(subject: nil, text: text) == b.classify(subject: nil, text: text), "\(text)", sourceLocation: sourceLocation)
        }
    }

    static func path(_ dir: String) -> String { dir + "/" + SavedClassifier.fileName }

    @Test func theFirstStartSavesTheModelOwnerOnlyAndTheNextReadsIt() throws {
        let dir = try Self.directory()
        let first = try Self.load(dir)
        #expect(first.source == .trained)
        let attributes = try FileManager.default.attributesOfItem(atPath: Self.path(dir))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = try Self.load(dir)
        #expect(second.source == .saved)
        Self.expectSameAnswers(second.classifier, first.classifier)
        let fresh = TextClassifier.calibrated(taxonomy: try Self.taxonomy.get(), examples: miniCorpus, threshold: 0.6)
        Self.expectSameAnswers(second.classifier, fresh)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [SavedClassifier.fileName], "no temporary file is left")
    }

    @Test func aDamagedFileIsTrainedAgainAndWrittenWhole() throws {
        let dir = try Self.directory()
        _ = try Self.load(dir)
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.path(dir)))
        var flipped = whole
        flipped[whole.count / 2] ^= 0x01
        let damaged: [(String, Data)] = [
            ("one bit flipped in the model", flipped), ("cut short", whole.prefix(whole.count - 1)), ("cut to the header", whole.prefix(40)),
            ("empty", Data()), ("a byte too many", whole + [0]), ("another file", Data("SQLite format 3\0".utf8) + whole.dropFirst(16)),
        ]
        for (what, bytes) in damaged {
            try bytes.write(to: URL(fileURLWithPath: Self.path(dir)))
            let loaded = try Self.load(dir)
            #expect(loaded.source == .trained, "\(what)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: Self.path(dir))) == whole, "\(what): written again whole")
            #expect(try Self.load(dir).source == .saved, "\(what)")
        }
    }

    @Test func aModelForAnotherCorpusTaxonomyOrThresholdIsNotUsed() throws {
        let dir = try Self.directory()
        _ = try Self.load(dir)
        var moreText = miniCorpus
        moreText.append(LabelledText(text: "ไฟกิ่งดับหน้าโรงเรียน", category: "lighting", kind: .complaint))
        let changedCorpus = try Self.load(dir, examples: moreText)
        #expect(changedCorpus.source == .trained)
        Self.expectSameAnswers(changedCorpus.classifier, TextClassifier.calibrated(taxonomy: try Self.taxonomy.get(), examples: moreText, threshold: 0.6))

        var taxonomy = try Self.taxonomy.get()
        taxonomy.categories[0].keywords.append("หลุมยักษ์")
        #expect(try Self.load(dir, taxonomy: taxonomy).source == .trained)
        #expect(try Self.load(dir, threshold: 0.7).source == .trained)
        #expect(try Self.load(dir, threshold: 0.7).source == .saved)
        #expect(try Self.load(dir).source == .trained, "back to the first: trained again, one model is kept")
    }

    @Test func aModelSavedByAnotherBuildIsNotUsed() throws {
        let recipe = SavedClassifierModel.recipe(taxonomy: try Self.taxonomy.get(), examples: miniCorpus, threshold: 0.6, folds: 4)
        #expect(SavedClassifier.key(recipe: recipe, build: Array("siang|1|2|3.4".utf8))
                != SavedClassifier.key(recipe: recipe, build: Array("siang|1|2|3.5".utf8)))
        #expect(SavedClassifier.key(recipe: recipe, build: [1]) == SavedClassifier.key(recipe: recipe, build: [1]))
        #expect(BuildIdentity.current != nil, "the test binary is found")
    }

    @Test func writersAtOnceLeaveOneWholeFileAndNoTemporaryOne() async throws {
        let dir = try Self.directory()
        let path = Self.path(dir)
        let versions = (0..<4).map { i in [UInt8](repeating: UInt8(i), count: 200_000 + i) }
        await withTaskGroup(of: Void.self) { group in
            for version in versions {
                group.addTask { for _ in 0..<20 { try? SavedClassifier.write(version, to: path) } }
            }
        }
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(versions.contains(written))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [SavedClassifier.fileName])
    }

    @Test func withoutADataDirectoryOrWhereNothingCanBeWrittenItTrains() throws {
        #expect(try Self.load(nil).source == .trainedNotSaved)
        let missing = NSTemporaryDirectory() + "siang-no-such-dir-\(UUID().uuidString)/inner"
        let loaded = try Self.load(missing)
        #expect(loaded.source == .trainedNotSaved)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
