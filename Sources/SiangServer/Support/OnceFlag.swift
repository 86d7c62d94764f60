import Synchronization

/// A flag that is true for its first caller only, across threads.
final class OnceFlag: Sendable {
    private let taken = Atomic<Bool>(false)

    /// True the first time it is asked, false ever after.
    func first() -> Bool { !taken.exchange(true, ordering: .relaxed) }
}
