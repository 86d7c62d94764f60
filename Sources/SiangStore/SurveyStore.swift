import Foundation
import SiangCore

/// What satisfaction surveys need from persistence: invitations with single-use tokens, answers,
/// service points, imported answers. Every ``CaseStore`` is one.
public protocol SurveyStore: Sendable {}
