import Foundation

/// The labelled examples the shipped classifier is trained on: `classifier/seed-corpus.tsv` in the
/// SiangCore resources, one example per line as `category<TAB>kind<TAB>text` after a header line.
/// Blank lines and lines starting with `#` are skipped. The corpus is balanced across the default
/// categories (85 examples each), mixes informal chat-style Thai (slang, typos, emoji) with formal
/// letters and some English, covers all four kinds, and holds no real personal data.
public enum SeedCorpus {
    /// Every example, in file order.
    public static func load() throws(ClassifierError) -> [LabelledText] {
        guard let url = resourceURL() else {
            throw .corpusMissing
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .corpusUnreadable(line: 0, reason: "cannot read \(url.lastPathComponent) as UTF-8")
        }
        return try parse(text)
    }

    /// A deterministic split for evaluation: within each category, in file order, every fifth example
    /// (the 5th, 10th, …) is held out and the rest train. Measure quality on `heldOut` only.
    public static func split() throws(ClassifierError) -> (train: [LabelledText], heldOut: [LabelledText]) {
        split(try load())
    }

    static func split(_ examples: [LabelledText]) -> (train: [LabelledText], heldOut: [LabelledText]) {
        var seen: [String: Int] = [:]
        var train: [LabelledText] = []
        var heldOut: [LabelledText] = []
        for example in examples {
            let n = seen[example.category, default: 0] + 1
            seen[example.category] = n
            if n % 5 == 0 { heldOut.append(example) } else { train.append(example) }
        }
        return (train, heldOut)
    }

    /// Parses the TSV text of a corpus. A malformed line is an error naming the line, never skipped.
    static func parse(_ text: String) throws(ClassifierError) -> [LabelledText] {
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
                    throw .corpusUnreadable(line: lineNumber, reason: "the header must be category<TAB>kind<TAB>text")
                }
                continue
            }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw .corpusUnreadable(line: lineNumber, reason: "expected 3 tab-separated fields, found \(fields.count)")
            }
            let category = fields[0].trimmingCharacters(in: .whitespaces)
            let kindText = fields[1].trimmingCharacters(in: .whitespaces)
            let body = fields[2].trimmingCharacters(in: .whitespaces)
            guard !category.isEmpty else { throw .corpusUnreadable(line: lineNumber, reason: "the category is empty") }
            guard !body.isEmpty else { throw .corpusUnreadable(line: lineNumber, reason: "the text is empty") }
            var kind: Kind?
            if !kindText.isEmpty {
                guard let k = Kind(rawValue: kindText) else {
                    throw .corpusUnreadable(line: lineNumber, reason: "unknown kind \"\(kindText)\"")
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
