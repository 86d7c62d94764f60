import Foundation
@testable import SiangCore

/// How a classifier did on labelled texts it never trained on: per category precision, recall and F1,
/// macro-F1, kind accuracy, and the precision of the answers at or above a confidence threshold.
struct ClassifierScorecard {
    struct Answer {
        var expected: LabelledText
        var result: ClassificationResult
    }

    let categories: [String]
    private(set) var answers: [Answer] = []

    init(categories: [String]) { self.categories = categories }

    mutating func record(_ example: LabelledText, _ result: ClassificationResult) {
        answers.append(Answer(expected: example, result: result))
    }

    /// Classifies every example with `classifier` and records the answer.
    mutating func record(_ examples: [LabelledText], with classifier: TextClassifier) {
        for example in examples { record(example, classifier.classify(subject: nil, text: example.text)) }
    }

    func scores(of code: String) -> (precision: Double, recall: Double, f1: Double, support: Int) {
        let predicted = answers.filter { $0.result.category == code }
        let actual = answers.filter { $0.expected.category == code }
        let right = Double(predicted.filter { $0.expected.category == code }.count)
        let precision = predicted.isEmpty ? 0 : right / Double(predicted.count)
        let recall = actual.isEmpty ? 0 : right / Double(actual.count)
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return (precision, recall, f1, actual.count)
    }

    /// The mean F1 over the categories that have texts here.
    var macroF1: Double {
        let present = categories.filter { code in answers.contains { $0.expected.category == code } }
        return present.map { scores(of: $0).f1 }.reduce(0, +) / Double(max(present.count, 1))
    }

    var accuracy: Double {
        Double(answers.filter { $0.result.category == $0.expected.category }.count) / Double(max(answers.count, 1))
    }

    var kindAccuracy: Double {
        let withKind = answers.filter { $0.expected.kind != nil }
        return Double(withKind.filter { $0.result.kind == $0.expected.kind }.count) / Double(max(withKind.count, 1))
    }

    /// Per kind: precision and recall of the kind answer, over the texts whose kind is known.
    func kindScores(of kind: Kind) -> (precision: Double, recall: Double, support: Int) {
        let withKind = answers.filter { $0.expected.kind != nil }
        let predicted = withKind.filter { $0.result.kind == kind }
        let actual = withKind.filter { $0.expected.kind == kind }
        let right = Double(actual.filter { $0.result.kind == kind }.count)
        return (predicted.isEmpty ? 0 : right / Double(predicted.count), actual.isEmpty ? 0 : right / Double(actual.count), actual.count)
    }

    /// The share of answers at or above `threshold` that are right, and how many answers that is.
    func precision(atOrAbove threshold: Double) -> (precision: Double, answered: Int) {
        let sure = answers.filter { $0.result.confidence >= threshold }
        let right = sure.filter { $0.result.category == $0.expected.category }.count
        return (Double(right) / Double(max(sure.count, 1)), sure.count)
    }

    /// The table the tests print, for the closing note of a change to the model.
    func table(title: String, threshold: Double) -> String {
        var lines = ["\(title): \(answers.count) texts",
                     "category          precision  recall    F1     texts"]
        for code in categories {
            let s = scores(of: code)
            lines.append("\(code.padding(toLength: 16, withPad: " ", startingAt: 0))  \(fixed(s.precision))      \(fixed(s.recall))    \(fixed(s.f1))  \(s.support)")
        }
        lines.append("kind              precision  recall           texts")
        for kind in Kind.allCases {
            let s = kindScores(of: kind)
            lines.append("\(kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0))  \(fixed(s.precision))      \(fixed(s.recall))           \(s.support)")
        }
        let sure = precision(atOrAbove: threshold)
        lines.append("macro-F1 \(fixed(macroF1))  accuracy \(fixed(accuracy))  kind accuracy \(fixed(kindAccuracy))")
        lines.append("confidence >= \(threshold): \(sure.answered) of \(answers.count) answers, precision \(fixed(sure.precision))")
        return lines.joined(separator: "\n")
    }
}

func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
