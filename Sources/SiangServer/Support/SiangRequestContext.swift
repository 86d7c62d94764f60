import Hummingbird
import NIOCore
import SiangStore

/// The per-request context: Hummingbird's core storage, the staff member a bearer token identified,
/// if any, and the client's address (for sign-in throttling and survey abuse limits; never logged).
public struct SiangRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set for a valid `Authorization: Bearer` token.
    public var staff: StaffUser?
    /// The connected peer; behind a reverse proxy this is the proxy.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        staff = nil
        remoteAddress = source.channel.remoteAddress
    }
}
