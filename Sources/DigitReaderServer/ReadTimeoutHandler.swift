import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request is not fully received in time, so a client that sends half
/// a request and stalls (or trickles it) cannot hold a connection, its buffers and a handler task
/// for ever.
///
/// The clock starts when the connection opens (its first request must arrive within
/// `timeout` of connecting) and, for later requests on a keep-alive connection, when the request
/// head arrives; it stops when the request's end arrives. Time between requests is the idle
/// timeout's business (Hummingbird's `HTTP1Channel` configuration), which also closes a
/// keep-alive connection whose next head never completes. A slow but steady upload that ends
/// within `timeout` is never cut.
final class ReadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// How long a request may take to arrive.
    let timeout: TimeAmount
    /// Called when a connection is closed for being too slow (counted in the metrics).
    let onTimeout: @Sendable () -> Void
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount, onTimeout: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.onTimeout = onTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: arm(context)
        case .body: break
        case .end: disarm()
        }
        context.fireChannelRead(data)
    }

    /// Starts the clock unless it is already running (the first request's head keeps the
    /// deadline set when the connection opened).
    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [onTimeout] in
            self.deadline = nil
            onTimeout()
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
