import Hummingbird

/// Counts and times every request by route template, method and final status
/// (`digit_reader_http_requests_total`, `digit_reader_http_request_duration_seconds`).
///
/// Installed outside `ErrorMiddleware` so it sees the status clients get. The route is the
/// template the router matched (`/api/predict`, the web page's `/**`), never the raw path, and
/// `unmatched` when none did, so random URLs cannot add series.
public struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    public let metrics: ServerMetrics

    public init(metrics: ServerMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: response.status.code, elapsed: clock.now - start)
            return response
        } catch {
            record(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, elapsed: clock.now - start)
            throw error
        }
    }

    private func record(_ request: Request, context: Context, status: Int, elapsed: Duration) {
        let route = context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? ServerMetrics.unmatchedRoute
        let method = Self.knownMethods.contains(request.method) ? request.method.rawValue : "other"
        metrics.request(route: route, method: method, status: status, duration: elapsed)
    }

    /// Methods with their own label value; any other (clients can send anything) is `other`.
    static var knownMethods: Set<HTTPRequest.Method> { [.get, .head, .post, .put, .delete, .patch, .options] }
}
