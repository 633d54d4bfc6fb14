import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// How the server listens and what it accepts; the `serve` command's options.
public struct ServerConfiguration: Sendable {
    /// Address to bind, `127.0.0.1` by default so a development server is not exposed.
    public var host: String
    /// TCP port; `0` picks a free one (the start-up log says which).
    public var port: Int
    /// Folder holding the web page, `nil` when none is installed.
    public var webDirectory: URL?
    /// Largest request body accepted (default 2 MiB, far above any canvas PNG).
    public var maxBodyBytes: Int
    /// Largest decoded image, in pixels (default 4096 x 4096): refused before decoding.
    public var maxPixels: Int
    /// Recognitions running at once (default: one per core).
    public var workerCount: Int
    /// Recognitions allowed to wait for a worker before answering "busy".
    public var maxQueuedRecognitions: Int
    /// The longest a recognition may wait for a worker (default 250 ms): work that would wait
    /// longer is answered 503 `server_busy` at once, so accepted requests stay fast.
    public var maxQueueWait: Duration
    /// Time a client has to send a whole request (default 10 s), counted from the connection's
    /// start for its first request and from the request head for later ones; then it is closed.
    public var readTimeout: Duration
    /// Time a keep-alive connection may sit idle between requests before it is closed (default 60 s).
    public var idleTimeout: Duration
    /// Connections held at once (default 4096); further ones wait in the listen backlog.
    public var maxConnections: Int
    /// The administrator's bearer token; the administration routes exist only when it is set.
    public var adminToken: String?

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        webDirectory: URL? = nil,
        maxBodyBytes: Int = 2 * 1024 * 1024,
        maxPixels: Int = 4096 * 4096,
        workerCount: Int = ProcessInfo.processInfo.activeProcessorCount,
        maxQueuedRecognitions: Int = 1024,
        maxQueueWait: Duration = .milliseconds(250),
        readTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 4096,
        adminToken: String? = nil
    ) {
        self.host = host
        self.port = port
        self.webDirectory = webDirectory
        self.maxBodyBytes = maxBodyBytes
        self.maxPixels = maxPixels
        self.workerCount = workerCount
        self.maxQueuedRecognitions = maxQueuedRecognitions
        self.maxQueueWait = maxQueueWait
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.adminToken = adminToken
    }
}

extension ServerConfiguration {
    /// Hummingbird's settings for listening: the address, and at most `maxConnections` held
    /// (the listen backlog holds the next ones until a connection closes).
    func applicationConfiguration(logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(
            address: .hostname(host, port: port), serverName: "digit-reader",
            backlog: min(maxConnections, 4096),
            availableConnectionsDelegate: MaximumAvailableConnections(maxConnections, logger: logger))
    }

    /// HTTP/1.1 with the idle timeout between requests and the read timeout for each request;
    /// `onReadTimeout` is called for every connection closed by the latter.
    func httpServer(onReadTimeout: @escaping @Sendable () -> Void) -> HTTPServerBuilder {
        let readTimeout = TimeAmount(readTimeout)
        return .http1(configuration: HTTP1Channel.Configuration(
            additionalChannelHandlers: [ReadTimeoutHandler(timeout: readTimeout, onTimeout: onReadTimeout)],
            idleTimeout: TimeAmount(idleTimeout)))
    }
}
