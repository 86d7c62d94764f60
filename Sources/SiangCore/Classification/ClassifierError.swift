/// Why the classifier could not be built.
public enum ClassifierError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The seed corpus is not in the build's resources.
    case corpusMissing
    /// A line of a corpus file is malformed (line 0: the file as a whole).
    case corpusUnreadable(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .corpusMissing:
            "the classifier's seed corpus (classifier/seed-corpus.tsv) is missing from the build"
        case .corpusUnreadable(let file, let line, let reason):
            line > 0 ? "classifier corpus \(file) line \(line): \(reason)" : "classifier corpus \(file): \(reason)"
        }
    }
}
