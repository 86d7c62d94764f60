/// Why the classifier could not be built.
public enum ClassifierError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The seed corpus is not in the build's resources.
    case corpusMissing
    /// A line of the seed corpus is malformed.
    case corpusUnreadable(line: Int, reason: String)

    public var description: String {
        switch self {
        case .corpusMissing:
            "the classifier's seed corpus (classifier/seed-corpus.tsv) is missing from the build"
        case .corpusUnreadable(let line, let reason):
            line > 0 ? "seed corpus line \(line): \(reason)" : "seed corpus: \(reason)"
        }
    }
}
