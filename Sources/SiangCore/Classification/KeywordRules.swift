/// Words that point straight at a label: the taxonomy's per-category `keywords`, which an agency edits
/// without retraining, and the classifier's built-in cues for the kind of a message.
///
/// Keywords are normalised like the texts (``TextNormalizer``) and kept in a trie whose transitions
/// live in a ``FeatureTable``, so finding every keyword occurrence costs about one lookup per character
/// of the text, however many keywords there are. Thai has no spaces between words, so a keyword matches
/// anywhere in the text, inside longer words too; choose keywords that are specific enough for that
/// (`ไฟดับ` rather than `ไฟ`).
struct KeywordRules: Sendable, Equatable {
    /// Trie transitions: key = mix(node << 32 | scalar), row = child node - 1 (node 0 is the root).
    private var transitions = FeatureTable(minimumCapacity: 256)
    /// Per node, and one past the last: where its labels start in `labels`.
    private var labelStart: [Int32] = [0, 0]
    private var labels: [Int32] = []
    private(set) var keywordCount = 0

    /// The rules for `keywords`, each a word and the label it points to. Keywords that normalise to
    /// nothing are ignored, and so is a keyword given twice for one label.
    init(_ keywords: [(keyword: String, label: Int)]) {
        var nodeLabels: [[Int32]] = [[]]
        for (keyword, label) in keywords {
            let scalars = TextNormalizer.normalize(keyword)
            guard !scalars.isEmpty else { continue }
            var node: Int32 = 0
            for scalar in scalars {
                let (child, inserted) = transitions.insert(FeatureTable.transition(node, scalar))
                if inserted { nodeLabels.append([]) }
                node = child + 1
            }
            if !nodeLabels[Int(node)].contains(Int32(label)) {
                nodeLabels[Int(node)].append(Int32(label))
                keywordCount += 1
            }
        }
        labelStart = [0]
        for list in nodeLabels {
            labels.append(contentsOf: list)
            labelStart.append(Int32(labels.count))
        }
    }


    /// Calls `body` with the label of every keyword occurrence in `scalars` (a normalised text).
    @inline(__always)
    func forEachMatch(in scalars: UnsafeBufferPointer<UInt32>, _ body: (Int) -> Void) {
        guard keywordCount > 0 else { return }
        transitions.slots.withUnsafeBufferPointer { slots in
            labelStart.withUnsafeBufferPointer { starts in
                labels.withUnsafeBufferPointer { labels in
                    let n = scalars.count
                    for start in 0..<n {
                        var node: Int32 = 0
                        var i = start
                        while i < n {
                            let child = FeatureTable.row(of: FeatureTable.transition(node, scalars[i]), in: slots)
                            if child < 0 { break }
                            node = child + 1
                            let from = Int(starts[Int(node)])
                            let to = Int(starts[Int(node) + 1])
                            for j in from..<to { body(Int(labels[j])) }
                            i += 1
                        }
                    }
                }
            }
        }
    }
}
