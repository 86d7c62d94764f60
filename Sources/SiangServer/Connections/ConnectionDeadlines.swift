import HTTPTypes
import NIOCore
import NIOHTTPTypes
import SiangCore

/// Closes a connection whose client is silent or slow, so that no client can hold one of the
/// process's file descriptors for longer than the configured timeouts (issue 11, finding 2).
///
/// Hummingbird's own idle timeout restarts with every body part it reads, so a client that trickles a
/// body a byte at a time, or a request line a byte at a time, is never closed. This handler keeps one
/// deadline per connection instead, set by what the connection is waiting for:
/// - nothing of the next request has arrived: `idleTimeout` from the connection's start or the end of
///   the last answer;
/// - the first byte has arrived: the request line and headers must be complete within `headerTimeout`;
/// - the headers are in: the whole body must be in within `bodyTimeout` of them;
/// - the request is being answered: no deadline (the server's own work is not the client's fault).
///
/// It also finishes every answer that says `Connection: close` (an early 413, a refusal past the
/// connection cap): the output is closed at once so the client reads the answer, and what the client is
/// still sending is read and dropped for a short, bounded while, because closing a socket with unread
/// input resets it and a client still sending its body (Python's urllib) would lose the answer.
final class ConnectionDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The timeouts, as NIO measures time.
    struct Limits: Sendable {
        var idle: TimeAmount
        var header: TimeAmount
        var body: TimeAmount
        /// After a `Connection: close` answer: how long, and how many bytes, the rest of the request is
        /// read and dropped before the connection is closed outright.
        var linger: TimeAmount = .seconds(5)
        var lingerBytes = 8 << 20

        init(_ settings: ServerSettings) {
            idle = Self.amount(settings.idleTimeoutSeconds)
            header = Self.amount(settings.headerTimeoutSeconds)
            body = Self.amount(settings.bodyTimeoutSeconds)
        }

        static func amount(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64((seconds * 1e9).rounded())) }
    }

    /// What the connection is waiting for; each phase but `responding` has its own deadline.
    enum Phase: String {
        case idle, header, body, responding, lingering
    }

    private let limits: Limits
    private let metrics: ServerMetrics
    private var phase = Phase.idle
    /// Requests whose head was read and whose answer has not ended yet (pipelined requests queue up).
    private var unanswered = 0
    private var closeAfterAnswer = false
    private var lingered = 0
    /// When the current phase's wait ends; nil while the server is answering.
    private var deadlineAt: NIODeadline?
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline?
    private var context: ChannelHandlerContext?

    init(limits: Limits, metrics: ServerMetrics) {
        self.limits = limits
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // The HTTP decoder reports nothing until a whole head is in, so the first byte of a request is
        // seen in front of it.
        do {
            try context.pipeline.syncOperations.addHandler(FirstBytes(owner: self), position: .first)
        } catch {
            context.close(promise: nil)
            return
        }
        enter(.idle, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        context.fireChannelInactive()
    }

    /// Raw bytes arrived (before HTTP decoding).
    fileprivate func bytesArrived(_ count: Int) {
        guard let context else { return }
        switch phase {
        case .idle: enter(.header, context: context)
        case .lingering:
            lingered += count
            if lingered > limits.lingerBytes { context.close(promise: nil) }
        case .header, .body, .responding: break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard phase != .lingering else { return }
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            enter(.body, context: context)
        case .body:
            break
        case .end:
            // An answer may already have been written (an early 413 without reading the body).
            enter(unanswered > 0 ? .responding : .idle, context: context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        switch part {
        case .head(let response):
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterAnswer = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            unanswered = max(0, unanswered - 1)
            guard !closeAfterAnswer else {
                context.writeAndFlush(data, promise: promise)
                linger(context: context)
                return
            }
            context.write(data, promise: promise)
            if unanswered == 0, phase == .responding { enter(.idle, context: context) }
        }
    }

    /// The answer said `Connection: close`: end the output so the client sees the answer whole, then
    /// drop what it still sends until it closes, the byte budget is spent or the linger time is up.
    private func linger(context: ChannelHandlerContext) {
        guard phase != .lingering else { return }
        enter(.lingering, context: context)
        let closed = context.eventLoop.makePromise(of: Void.self)
        closed.futureResult.whenFailure { [channel = context.channel] _ in channel.close(promise: nil) }
        context.close(mode: .output, promise: closed)
    }

    private func enter(_ next: Phase, context: ChannelHandlerContext) {
        let keepsDeadline = next == phase && next != .idle
        phase = next
        guard !keepsDeadline else { return }
        let wait: TimeAmount
        switch next {
        case .idle: wait = limits.idle
        case .header: wait = limits.header
        case .body: wait = limits.body
        case .lingering: wait = limits.linger
        case .responding:
            deadlineAt = nil
            return
        }
        let at = NIODeadline.now() + wait
        deadlineAt = at
        // One timer per connection, moved only when a deadline comes earlier than it fires: on the
        // busiest path (a kept-alive client asking again and again) that is one timer a request, not three.
        if let timerAt, timerAt <= at { return }
        arm(at, context: context)
    }

    private func arm(_ at: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        timerAt = at
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            timer = nil
            timerAt = nil
            guard let deadlineAt else { return }
            guard NIODeadline.now() >= deadlineAt else { return arm(deadlineAt, context: context) }
            if phase != .lingering { metrics.recordConnectionTimeout(phase: phase.rawValue) }
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        timer?.cancel()
        timer = nil
        timerAt = nil
        deadlineAt = nil
    }
}

/// Sits in front of the HTTP decoder and tells ``ConnectionDeadlines`` when bytes arrive.
private final class FirstBytes: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    let owner: ConnectionDeadlines

    init(owner: ConnectionDeadlines) { self.owner = owner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.bytesArrived(unwrapInboundIn(data).readableBytes)
        context.fireChannelRead(data)
    }
}
