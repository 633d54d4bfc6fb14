import DigitReaderCore
import Foundation
import Hummingbird
import Logging

/// Builds the Digit Reader HTTP application: routes, middleware and the recognition workers.
///
/// Tests build it with hand-made recognizers and drive it in-process; `digit-reader serve`
/// builds it with the trained models and runs it until SIGINT or SIGTERM.
public enum DigitReaderApplication {
    /// The concrete application type, named so callers can store it.
    public typealias App = Application<RouterResponder<BasicRequestContext>>

    /// The application serving `registry` as `configuration` says.
    public static func make(registry: RecognizerRegistry, configuration: ServerConfiguration, logger: Logger) -> App {
        let pool = WorkerPool(
            threadCount: configuration.workerCount, maxQueuedJobs: configuration.maxQueuedRecognitions,
            maxQueueWait: configuration.maxQueueWait)
        let metrics = ServerMetrics()
        let engine = RecognitionEngine(
            registry: registry, decoder: ImageDecoder(maxPixels: configuration.maxPixels), pool: pool, metrics: metrics)
        let router = makeRouter(
            engine: engine, web: WebAssets(root: configuration.webDirectory),
            maxBodyBytes: configuration.maxBodyBytes, logger: logger)
        return Application(
            router: router,
            server: configuration.httpServer { metrics.rejected(ServerMetrics.readTimeoutReason) },
            configuration: configuration.applicationConfiguration(logger: logger),
            services: [pool],
            logger: logger)
    }

    /// The routes of the API and the web page.
    public static func makeRouter(engine: RecognitionEngine, web: WebAssets, maxBodyBytes: Int, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: RequestMetricsMiddleware(metrics: engine.metrics))
        router.add(middleware: ErrorMiddleware(logger: logger, maxBodyBytes: maxBodyBytes))
        let registry = engine.registry
        let health = HealthStatus(models: registry.ids)
        let listing = ModelListing(registry)

        router.on(Route.health) { _, _ in JSONResponse.make(health) }
        router.on(Route.models) { _, _ in JSONResponse.make(listing) }
        let openAPI = OpenAPIDocument()
        router.on(Route.openAPI) { _, _ in try openAPI.response() }
        router.on(Route.metrics) { _, _ in
            engine.metrics.queueDepth(engine.pool.queuedJobs)
            return engine.metrics.response()
        }

        router.on(Route.predict) { request, _ in
            let options = try options(of: request)
            _ = try engine.recognizer(options.modelID)
            let image = try ImageUpload.imageBytes(body: await body(of: request, limit: maxBodyBytes), contentType: request.headers[.contentType])
            return JSONResponse.make(try await engine.predict(image, options: options))
        }

        router.on(Route.compare) { request, _ in
            let options = try options(of: request)
            let image = try ImageUpload.imageBytes(body: await body(of: request, limit: maxBodyBytes), contentType: request.headers[.contentType])
            return JSONResponse.make(try await engine.compare(image, options: options))
        }

        // The original app: a form post of `imageBase64=<data URL>` answered with `{"guess": n}`.
        router.on(Route.legacyGuess) { request, _ in
            let image = try ImageUpload.imageBytes(body: await body(of: request, limit: maxBodyBytes), contentType: request.headers[.contentType])
            return JSONResponse.make(try await engine.guess(image))
        }

        router.get("/") { _, _ in try web.response(for: "/") }
        router.get("/**") { request, _ in try web.response(for: request.uri.path) }
        return router
    }

    /// The validated query parameters of a prediction request.
    static func options(of request: Request) throws(APIError) -> PredictionOptions {
        let query = request.uri.queryParameters
        return try PredictionOptions(model: query["model"], threshold: query["threshold"], debug: query["debug"])
    }

    /// The request body, at most `limit` bytes; a larger one is a 413 without reading the rest
    /// when the client announced its length.
    static func body(of request: Request, limit: Int) async throws(APIError) -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw .bodyTooLarge(limit: limit)
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw .bodyTooLarge(limit: limit)
        } catch {
            throw APIError(
                status: .badRequest, code: "incomplete_body",
                message: "The request body could not be read completely (\(error)); the upload was probably interrupted.")
        }
    }
}

extension DigitReaderApplication {
    /// Runs the server until SIGINT or SIGTERM, then stops accepting connections, finishes the
    /// requests in flight and returns.
    public static func serve(registry: RecognizerRegistry, configuration: ServerConfiguration, logger: Logger) async throws {
        // One OpenBLAS thread per product: single-digit products are tiny, and the worker pool
        // already runs one recognition per core. More threads would only fight over the cores.
        GEMM.setThreadCount(1)
        let app = make(registry: registry, configuration: configuration, logger: logger)
        let models = registry.ids.joined(separator: ", ")
        let web = configuration.webDirectory?.path ?? "none (GET / answers 404)"
        logger.info("Digit Reader loaded models \(models) (default \(registry.defaultID)); web page: \(web); listening on http://\(configuration.host):\(configuration.port) with \(configuration.workerCount) recognition workers")
        try await app.runService()
    }
}

extension Router {
    /// Registers `handler` for `route`'s method and path.
    @discardableResult
    func on(
        _ route: Route, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(RouterPath(route.path), method: route.method, use: handler)
    }
}
