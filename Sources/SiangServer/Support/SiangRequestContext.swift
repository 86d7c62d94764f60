import Hummingbird
import SiangStore

/// The per-request context: Hummingbird's core storage plus the staff member a bearer token
/// identified, if any.
public struct SiangRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``StaffTokenMiddleware`` for a valid `Authorization: Bearer` token.
    public var staff: StaffUser?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        staff = nil
    }
}
