import Hummingbird
import Logging

/// Logs one line per request: method, path, status and duration, e.g.
/// `POST /api/predict 200 0.62ms`.
///
/// Installed outermost so it sees the final status after errors were mapped to responses.
/// The query string is left out: it is short and predictable for this API, and paths keep log
/// lines greppable.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, elapsed: clock.now - start)
            return response
        } catch {
            log(request, status: (error as? any HTTPResponseError)?.status.code ?? 500, elapsed: clock.now - start)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, elapsed: Duration) {
        let milliseconds = RecognitionEngine.milliseconds(elapsed)
        logger.info("\(request.method) \(request.uri.path) \(status) \(milliseconds)ms")
    }
}
