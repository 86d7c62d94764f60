import Foundation

/// The labelled examples the shipped classifier is trained on: `classifier/seed-corpus.tsv` in the
/// SiangCore resources plus every `classifier/corpus/*.tsv` (one file per category, written in many
/// voices: LINE chat, formal letters, hotline summaries, English and mixed Thai-English). Each file
/// holds one example per line as `category<TAB>kind<TAB>text` after a header line; blank lines and
/// lines starting with `#` are skipped. The texts hold no real personal data.
public enum SeedCorpus {
    /// Every example: the seed file first, then the corpus folder's files by name, each in file order.
    public static func load() throws(ClassifierError) -> [LabelledText] {
        guard let seed = resourceURL() else {
            throw .corpusMissing
        }
        var examples = try load(seed)
        for url in SiangResources.files(in: "classifier/corpus", withExtension: "tsv") {
            examples += try load(url)
        }
        return examples
    }

    /// The examples of one corpus file. A file that is not UTF-8 or holds a malformed line is an
    /// error naming the file and the line.
    public static func load(_ url: URL) throws(ClassifierError) -> [LabelledText] {
        let file = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(validating: data, as: UTF8.self) else {
            throw .corpusUnreadable(file: file, line: 0, reason: "cannot read it as UTF-8")
        }
        return try parse(text, file: file)
    }

    /// Parses the TSV text of a corpus. A malformed line is an error naming the line, never skipped.
    static func parse(_ text: String, file: String = "seed-corpus.tsv") throws(ClassifierError) -> [LabelledText] {
        var examples: [LabelledText] = []
        var sawHeader = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine[...]
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            if !sawHeader {
                sawHeader = true
                guard line.lowercased().hasPrefix("category\tkind\ttext") else {
                    throw .corpusUnreadable(file: file, line: lineNumber, reason: "the header must be category<TAB>kind<TAB>text")
                }
                continue
            }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw .corpusUnreadable(file: file, line: lineNumber, reason: "expected 3 tab-separated fields, found \(fields.count)")
            }
            let category = fields[0].trimmingCharacters(in: .whitespaces)
            let kindText = fields[1].trimmingCharacters(in: .whitespaces)
            let body = fields[2].trimmingCharacters(in: .whitespaces)
            guard !category.isEmpty else { throw .corpusUnreadable(file: file, line: lineNumber, reason: "the category is empty") }
            guard !body.isEmpty else { throw .corpusUnreadable(file: file, line: lineNumber, reason: "the text is empty") }
            var kind: Kind?
            if !kindText.isEmpty {
                guard let k = Kind(rawValue: kindText) else {
                    throw .corpusUnreadable(file: file, line: lineNumber, reason: "unknown kind \"\(kindText)\"")
                }
                kind = k
            }
            examples.append(LabelledText(text: body, category: category, kind: kind))
        }
        return examples
    }

    /// The bundled file. `.copy("Resources")` keeps the folder layout (``SiangResources``), while
    /// `.process("Resources")` flattens it into the bundle root; every layout is tried.
    static func resourceURL() -> URL? {
        SiangResources.url("classifier/seed-corpus.tsv")
            ?? Bundle.module.url(forResource: "seed-corpus", withExtension: "tsv", subdirectory: "classifier")
            ?? Bundle.module.url(forResource: "seed-corpus", withExtension: "tsv", subdirectory: "Resources/classifier")
            ?? Bundle.module.url(forResource: "seed-corpus", withExtension: "tsv")
    }
}
