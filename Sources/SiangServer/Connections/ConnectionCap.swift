import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The number of connections the server holds right now, shared by every connection's handler.
final class ConnectionGauge: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one more connection and returns how many there are with it.
    func opened() -> Int { count.wrappingAdd(1, ordering: .relaxed).newValue }

    /// Counts one connection fewer.
    func closed() { count.wrappingSubtract(1, ordering: .relaxed) }
}

/// Answers a connection past the cap with 503 and `Connection: close` instead of serving it, so a flood
/// of connections cannot take the file descriptors the database, attachments and deliveries need, and
/// the client is told to come back rather than left hanging in the listen queue.
///
/// The refusal goes out through ``ConnectionDeadlines``, which closes the connection after it.
final class ConnectionCap: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Connections accepted past the cap only to be refused; beyond this the listener stops accepting
    /// (Hummingbird's `availableConnectionsDelegate`) and new clients wait in the kernel's queue.
    static let refusalHeadroom = 64
    static let retryAfterSeconds = 5

    private let gauge: ConnectionGauge
    private let limit: Int
    private let metrics: ServerMetrics
    private var counted = false
    private var refused = false

    init(gauge: ConnectionGauge, limit: Int, metrics: ServerMetrics) {
        self.gauge = gauge
        self.limit = limit
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        let open = gauge.opened()
        metrics.recordConnections(1)
        guard open > limit else { return }
        refused = true
        metrics.recordConnectionRefused()
        // The answer waits for channelActive: the channel is being set up and cannot write yet.
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        if refused { refuse(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        guard counted else { return }
        counted = false
        gauge.closed()
        metrics.recordConnections(-1)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection's request is never served.
        guard !refused else { return }
        context.fireChannelRead(data)
    }

    private func refuse(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let body = ByteBuffer(string: #"{"error":{"code":"busy","message":"The server is busy; please try again in a few seconds."}}"#)
        let head = HTTPResponse(status: .serviceUnavailable, headerFields: [
            .connection: "close", .retryAfter: "\(Self.retryAfterSeconds)", .contentType: "application/json; charset=utf-8",
            .contentLength: "\(body.readableBytes)", .init("X-Content-Type-Options")!: "nosniff",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
