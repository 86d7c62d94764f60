import Foundation
import SiangCore
import SiangStore

/// Classifies, routes and sets SLA due times for a new case (the pipeline's triage step).
///
/// - A category the channel gave is kept; otherwise the classifier's is used when it is confident
///   enough, and below `classifier.confidenceThreshold` the case waits in the triage queue with the
///   guess recorded as a suggestion.
/// - Corruption, chosen or guessed at any confidence, only ever goes to the integrity queue.
/// - Otherwise the first matching routing rule gives the queue and priority.
public struct TriageEngine: IntakeTriage {
    public let configuration: SiangConfiguration
    public let classifier: LearningClassifier
    public let sla: SLAService
    static let restrictedCategory = "corruption"

    public init(configuration: SiangConfiguration, classifier: LearningClassifier, sla: SLAService) {
        self.configuration = configuration
        self.classifier = classifier
        self.sla = sla
    }

    public func triage(_ intake: Intake) -> TriageDecision {
        var category = intake.category
        var kind = intake.kind
        var confidence: Double?
        var suggestion: String?
        if category == nil || kind == nil {
            let result = classifier.classify(subject: intake.subject, text: intake.text)
            if kind == nil { kind = result.kind }
            if category == nil {
                confidence = result.confidence
                if result.confidence >= configuration.classifier.confidenceThreshold || result.category == Self.restrictedCategory {
                    category = result.category
                } else {
                    suggestion = result.category
                }
            }
        }
        let routing = configuration.routing
        var queue = routing.triageQueue
        var priority = Priority.normal
        if category == Self.restrictedCategory || configuration.taxonomy.category(category ?? "")?.restricted == true {
            queue = routing.integrityQueue
        } else if let category {
            if let rule = routing.firstRule(category: category, segment: intake.segment, channel: intake.channel,
                                            subject: intake.subject, text: intake.text, location: intake.location) {
                queue = rule.queue
                priority = rule.priority.flatMap(Priority.init(rawValue:)) ?? .normal
            }
        }
        return TriageDecision(kind: kind ?? .complaint, category: category, classifierConfidence: confidence, suggestion: suggestion,
                              priority: priority, queue: queue,
                              sla: sla.summary(receivedAt: intake.receivedAt, category: category, priority: priority))
    }
}
