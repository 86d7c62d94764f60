import Crypto
import Foundation
import SiangCore
import SiangStore

/// The shipped classifier kept in the data directory (`classifier.model`), so `siang import`, the
/// ingest commands and `siang serve` start classifying at once instead of training and calibrating
/// first (seconds of one core before the first row of an import).
///
/// The file is keyed by a SHA-256 of everything that determines the model: the training recipe
/// (corpus, taxonomy, tuning, kind cues, threshold, folds; ``SavedClassifierModel/recipe(taxonomy:examples:threshold:folds:)``)
/// and the identity of the running binary, so a new build or a changed corpus or taxonomy trains
/// again. A file whose key differs, whose checksum does not match or that does not read as a whole
/// model is never used: the model is trained and the file written again (atomically, owner-only).
/// A file that cannot be written only costs the next start its training.
public enum SavedClassifier {
    public static let fileName = "classifier.model"
    static let magic = Array("SIANGCM1".utf8)

    /// The shipped classifier calibrated to `threshold`, from `dataDirectory`'s saved model when it
    /// is this one, else trained (and saved there when a directory is given).
    public static func shipped(taxonomy: Taxonomy, threshold: Double, dataDirectory: String?) throws(ClassifierError) -> TextClassifier {
        load(taxonomy: taxonomy, examples: try SeedCorpus.load(), threshold: threshold, dataDirectory: dataDirectory).classifier
    }

    /// Where a classifier came from: the saved file, or training (and then whether it was saved).
    enum Source: Equatable { case saved, trained, trainedNotSaved }

    static func load(taxonomy: Taxonomy, examples: [LabelledText], threshold: Double,
                     dataDirectory: String?) -> (classifier: TextClassifier, source: Source) {
        let folds = TextClassifier.calibrationFolds
        func train() -> TextClassifier { TextClassifier.calibrated(taxonomy: taxonomy, examples: examples, threshold: threshold, folds: folds) }
        guard let dataDirectory, let build = BuildIdentity.current else { return (train(), .trainedNotSaved) }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        let key = self.key(recipe: SavedClassifierModel.recipe(taxonomy: taxonomy, examples: examples, threshold: threshold, folds: folds),
                           build: build)
        if let saved = FileManager.default.contents(atPath: path), let classifier = read(saved, key: key, taxonomy: taxonomy) {
            return (classifier, .saved)
        }
        let classifier = train()
        do { try write(file(of: classifier, key: key), to: path) } catch { return (classifier, .trainedNotSaved) }
        return (classifier, .trained)
    }

    /// The key a model is saved under: SHA-256 of the recipe and the build.
    static func key(recipe: [UInt8], build: [UInt8]) -> [UInt8] {
        var hash = SHA256()
        hash.update(data: Data("siang classifier model v1".utf8))
        hash.update(data: Data(build.count.description.utf8 + [0]))
        hash.update(data: build)
        hash.update(data: recipe)
        return Array(hash.finalize())
    }

    /// The file's bytes: the magic, the key, the model, and a SHA-256 of all before it.
    static func file(of classifier: TextClassifier, key: [UInt8]) -> [UInt8] {
        var bytes = magic + key + SavedClassifierModel.encode(classifier)
        bytes += Array(SHA256.hash(data: bytes))
        return bytes
    }

    /// The classifier a file holds when it is whole and saved under `key`; nil otherwise.
    static func read(_ data: Data, key: [UInt8], taxonomy: Taxonomy) -> TextClassifier? {
        let bytes = [UInt8](data)
        let header = magic.count + key.count, digest = SHA256.byteCount
        guard bytes.count > header + digest, bytes.starts(with: magic), bytes[magic.count..<header].elementsEqual(key) else { return nil }
        let body = bytes[..<(bytes.count - digest)]
        guard SHA256.hash(data: body).elementsEqual(bytes[(bytes.count - digest)...]) else { return nil }
        return SavedClassifierModel.decode(Array(body[header...]), taxonomy: taxonomy)
    }

    /// Writes `bytes` to `path` through a temporary file made owner-only and renamed over it, so a
    /// reader never sees half a file and two processes writing at once leave one whole file.
    static func write(_ bytes: [UInt8], to path: String) throws {
        // A name of its own per write, so two writers (two processes, or two services in one test process) never share one.
        let temporary = path + ".\(getpid()).\(String(BlockRandom.shared.next(), radix: 36)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, OwnerOnly.fileMode)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: bytes)
            try handle.close()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let failure = POSIXError(.init(rawValue: errno) ?? .EIO)
            unlink(temporary)
            throw failure
        }
    }
}

/// What identifies the running binary for ``SavedClassifier``: its path, size, inode and modification
/// time, so any rebuild or upgrade (a new file) trains again rather than trust a model an older build
/// made; nil when the binary cannot be found, and then no model is saved or read.
enum BuildIdentity {
    static let current: [UInt8]? = {
        guard let path = Bundle.main.executablePath else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Array("\(path)|\(info.st_size)|\(info.st_ino)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)".utf8)
    }()
}
