import DigitReaderCore
import DigitReaderStorage
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

    /// The application serving `registry` as `configuration` says, keeping corrections in
    /// `feedback` (no correction route without one) and loading the models again with `reload`
    /// (on `POST /api/admin/reload`, when an admin token is set, and on SIGHUP). Pictures of
    /// numbers are cut with `verifier`'s help when there is one.
    public static func make(
        registry: RecognizerRegistry, configuration: ServerConfiguration, logger: Logger,
        feedback: (any FeedbackStore)? = nil, reload: ModelReloader.Loader? = nil, verifier: WholeDigitVerifier? = nil
    ) -> App {
        let engine = engine(registry: registry, configuration: configuration, verifier: verifier)
        let reloader = reload.map { ModelReloader(models: engine.models, load: $0, logger: logger) }
        return make(engine: engine, configuration: configuration, logger: logger, feedback: feedback, reloader: reloader)
    }

    /// The recognition engine `make` serves, with its own worker pool and metrics.
    static func engine(registry: RecognizerRegistry, configuration: ServerConfiguration, verifier: WholeDigitVerifier?) -> RecognitionEngine {
        let pool = WorkerPool(
            threadCount: configuration.workerCount, maxQueuedJobs: configuration.maxQueuedRecognitions,
            maxQueueWait: configuration.maxQueueWait)
        return RecognitionEngine(
            registry: registry, decoder: ImageDecoder(maxPixels: configuration.maxPixels), pool: pool, metrics: ServerMetrics(),
            verifier: verifier)
    }

    static func make(
        engine: RecognitionEngine, configuration: ServerConfiguration, logger: Logger, feedback: (any FeedbackStore)?, reloader: ModelReloader?
    ) -> App {
        let feedbackRoutes = FeedbackRoutes(
            engine: engine, store: feedback, adminToken: AdminToken(configuration.adminToken), reloader: reloader,
            maxBodyBytes: configuration.maxBodyBytes)
        let router = makeRouter(
            engine: engine, web: WebAssets(root: configuration.webDirectory),
            maxBodyBytes: configuration.maxBodyBytes, logger: logger, feedback: feedbackRoutes)
        let metrics = engine.metrics
        return Application(
            router: router,
            server: configuration.httpServer { metrics.rejected(ServerMetrics.readTimeoutReason) },
            configuration: configuration.applicationConfiguration(logger: logger),
            services: [engine.pool],
            logger: logger)
    }

    /// The routes of the API and the web page.
    public static func makeRouter(
        engine: RecognitionEngine, web: WebAssets, maxBodyBytes: Int, logger: Logger, feedback: FeedbackRoutes? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: RequestMetricsMiddleware(metrics: engine.metrics))
        let served = Route.api.filter { feedback?.serves($0) ?? !FeedbackRoutes.owned.contains($0) }
        router.add(middleware: ErrorMiddleware(logger: logger, maxBodyBytes: maxBodyBytes, routes: served))
        let models = engine.models

        router.on(Route.health) { _, _ in JSONResponse.make(models.current.health) }
        router.on(Route.models) { _, _ in JSONResponse.make(models.current.listing) }
        let openAPI = OpenAPIDocument()
        router.on(Route.openAPI) { _, _ in try openAPI.response() }
        router.on(Route.metrics) { _, _ in
            engine.metrics.queueDepth(engine.pool.queuedJobs)
            return engine.metrics.response()
        }

        router.on(Route.predict) { request, _ in
            let options = try options(of: request)
            _ = try engine.recognizer(options.modelID)
            let upload = try await upload(of: request, limit: maxBodyBytes)
            return JSONResponse.make(try await engine.predict(upload, options: options))
        }

        router.on(Route.compare) { request, _ in
            let options = try options(of: request)
            let upload = try await upload(of: request, limit: maxBodyBytes)
            return JSONResponse.make(try await engine.compare(upload, options: options))
        }

        router.on(Route.read) { request, _ in
            let options = try options(of: request)
            _ = try engine.recognizer(options.modelID)
            let upload = try await upload(of: request, limit: maxBodyBytes)
            return JSONResponse.make(try await engine.read(upload, options: options))
        }

        // The original app: a form post of `imageBase64=<data URL>` answered with `{"guess": n}`.
        router.on(Route.legacyGuess) { request, _ in
            let upload = try await upload(of: request, limit: maxBodyBytes)
            return JSONResponse.make(try await engine.guess(upload))
        }

        feedback?.register(on: router)

        router.get("/") { _, _ in try web.response(for: "/") }
        router.get("/**") { request, _ in try web.response(for: request.uri.path) }
        return router
    }

    /// The validated query parameters of a prediction request.
    static func options(of request: Request) throws(APIError) -> PredictionOptions {
        let query = request.uri.queryParameters
        return try PredictionOptions(model: query["model"], threshold: query["threshold"], debug: query["debug"])
    }

    /// The image or strokes in the request body (at most `limit` bytes).
    static func upload(of request: Request, limit: Int) async throws(APIError) -> Upload {
        try Upload.parse(body: await body(of: request, limit: limit), contentType: request.headers[.contentType])
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
    public static func serve(
        registry: RecognizerRegistry, configuration: ServerConfiguration, logger: Logger,
        feedback: (any FeedbackStore)? = nil, reload: ModelReloader.Loader? = nil, verifier: WholeDigitVerifier? = nil
    ) async throws {
        // One OpenBLAS thread per product: single-digit products are tiny, and the worker pool
        // already runs one recognition per core. More threads would only fight over the cores.
        GEMM.setThreadCount(1)
        let engine = engine(registry: registry, configuration: configuration, verifier: verifier)
        let reloader = reload.map { ModelReloader(models: engine.models, load: $0, logger: logger) }
        let app = make(engine: engine, configuration: configuration, logger: logger, feedback: feedback, reloader: reloader)
        let hangUp = reloader.map(ReloadSignal.init)
        defer { hangUp?.cancel() }
        let models = registry.ids.joined(separator: ", ")
        let web = configuration.webDirectory?.path ?? "none (GET / answers 404)"
        logger.info("Digit Reader loaded models \(models) (default \(registry.defaultID)); web page: \(web); listening on http://\(configuration.host):\(configuration.port) with \(configuration.workerCount) recognition workers; admin routes \(configuration.adminToken == nil ? "off (no --admin-token)" : "on")")
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
