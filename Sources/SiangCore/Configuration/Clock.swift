import Foundation

/// The source of "now". The domain never reads the system clock itself, so SLA and report tests pin time.
public protocol SiangClock: Sendable {
    func now() -> Date
}

/// The real clock.
public struct SystemClock: SiangClock {
    public init() {}
    public func now() -> Date { Date() }
}
