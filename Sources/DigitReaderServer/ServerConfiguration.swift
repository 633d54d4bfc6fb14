import Foundation

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

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        webDirectory: URL? = nil,
        maxBodyBytes: Int = 2 * 1024 * 1024,
        maxPixels: Int = 4096 * 4096,
        workerCount: Int = ProcessInfo.processInfo.activeProcessorCount,
        maxQueuedRecognitions: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.webDirectory = webDirectory
        self.maxBodyBytes = maxBodyBytes
        self.maxPixels = maxPixels
        self.workerCount = workerCount
        self.maxQueuedRecognitions = maxQueuedRecognitions
    }
}
