import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import DigitReaderServer
import DigitReaderStorage
import Foundation
import Logging

/// `digit-reader serve`: the HTTP API and web page, with every registered model and the ensemble.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the recognition API and the web page over HTTP.",
        discussion: "Routes: " + Route.api.map { "\($0) (\($0.summary))" }.joined(separator: "; ")
            + ". SIGINT or SIGTERM stop the server after the requests in flight; SIGHUP loads the models again."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @OptionGroup var models: ModelsOptions

    @Option(name: .long, help: ArgumentHelp("Folder holding the web page (default: Web/ in the current folder, else in the source tree).", valueName: "dir"))
    var webDir: String?

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes = 2 * 1024 * 1024

    @Option(help: "Largest image accepted, in pixels (width x height); larger ones are refused before decoding.")
    var maxPixels = 4096 * 4096

    @Option(help: "Recognitions run at once (default: one per core).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Longest a recognition may wait for a worker; work that would wait longer is answered 503 server_busy with Retry-After at once.", valueName: "ms"))
    var maxQueueWait = 250

    @Option(help: ArgumentHelp("Time a client has to send a whole request (from connecting, or from a later request's head); then the connection is closed.", valueName: "seconds"))
    var readTimeout = 10.0

    @Option(help: ArgumentHelp("Time a keep-alive connection may sit idle between requests before it is closed.", valueName: "seconds"))
    var idleTimeout = 60.0

    @Option(help: "Connections held at once; further ones wait in the listen backlog.")
    var maxConnections = 4096

    @Option(name: .long, help: ArgumentHelp("Folder for the corrections database (SQLite), created if missing.", valueName: "dir"))
    var dataDir = "data"

    @Option(name: .long, help: ArgumentHelp("Keep corrections in PostgreSQL instead (postgres://user:password@host:port/database), for several instances.", valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Bearer token for the administration routes (default: $DIGIT_READER_ADMIN_TOKEN); without one they are off.", valueName: "token"))
    var adminToken: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard maxPixels > 0 else { throw ValidationError("--max-pixels must be positive") }
        guard workers > 0 else { throw ValidationError("--workers must be positive") }
        guard maxQueueWait > 0 else { throw ValidationError("--max-queue-wait must be positive") }
        guard readTimeout > 0 else { throw ValidationError("--read-timeout must be positive") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be positive") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "digit-reader")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let registry = try models.registry()
        let verifier = try models.wholeDigitVerifier()
        let webDirectory: URL?
        do {
            webDirectory = try WebAssets.locate(explicit: webDir)
        } catch {
            throw ValidationError(error.description)
        }
        let configuration = ServerConfiguration(
            host: host, port: port, webDirectory: webDirectory,
            maxBodyBytes: maxBodyBytes, maxPixels: maxPixels, workerCount: workers,
            maxQueueWait: .milliseconds(maxQueueWait), readTimeout: .seconds(readTimeout),
            idleTimeout: .seconds(idleTimeout), maxConnections: maxConnections,
            adminToken: adminToken ?? ProcessInfo.processInfo.environment["DIGIT_READER_ADMIN_TOKEN"])
        let location: FeedbackStoreLocation
        let store: any FeedbackStore
        do {
            location = try FeedbackStoreLocation(dataDirectory: dataDir, database: database)
            store = try await location.open(logger: logger)
        } catch {
            throw ValidationError(error.description)
        }
        logger.info("corrections are kept in \(location)")
        // Reloading loads the recognizers and the verifier from the same folders as start-up did.
        let modelsDir = models.modelsDir
        let reload: ModelReloader.Loader = {
            var options = ModelsOptions()
            options.modelsDir = modelsDir
            return ModelGeneration(registry: try options.registry(), verifier: try options.wholeDigitVerifier())
        }
        do {
            try await DigitReaderApplication.serve(
                registry: registry, configuration: configuration, logger: logger, feedback: store, reload: reload,
                verifier: verifier)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
