import Hummingbird
import Logging

/// Turns every error a route throws into the API's JSON error shape, so clients never see an
/// empty body, an HTML page or a stack trace.
///
/// `APIError`s pass through; the router's 404 becomes a JSON 404, or a 405 when the path exists
/// for other methods; Hummingbird's "body too large" a 413; anything unexpected is logged in
/// full and answered with a generic 500.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Receives the details of unexpected failures.
    public let logger: Logger
    /// The body limit, quoted in 413 messages.
    public let maxBodyBytes: Int
    /// The routes this server registered: a path they hold for other methods answers 405.
    public let routes: [Route]

    public init(logger: Logger, maxBodyBytes: Int, routes: [Route] = Route.api) {
        self.logger = logger
        self.maxBodyBytes = maxBodyBytes
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            // Refusing work under load is the server doing its job, not a failure to log.
            if error.status.kind == .serverError, error.code != APIError.busyCode {
                logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            }
            return error.response
        } catch let error as any HTTPResponseError {
            return translate(error, request: request).response
        } catch {
            logger.error("\(request.method) \(request.uri.path) failed unexpectedly: \(String(reflecting: error))")
            return APIError.internalError.response
        }
    }

    /// The JSON error for one of Hummingbird's own errors.
    private func translate(_ error: any HTTPResponseError, request: Request) -> APIError {
        let path = request.uri.path
        switch error.status {
        case .notFound:
            if let allowed = Route.allowedMethods(for: path, among: routes), !allowed.contains(request.method) {
                return .methodNotAllowed(request.method, path: path, allowed: allowed)
            }
            return .notFound(path)
        case .contentTooLarge:
            return .bodyTooLarge(limit: maxBodyBytes)
        default:
            let message = (error as? HTTPError)?.body ?? error.status.reasonPhrase
            if error.status.kind == .serverError {
                logger.error("\(request.method) \(path) failed: \(String(reflecting: error))")
            }
            return APIError(status: error.status, code: Self.snakeCase(error.status.reasonPhrase), message: message)
        }
    }

    /// `Bad Request` -> `bad_request`.
    static func snakeCase(_ phrase: String) -> String {
        let words = phrase.lowercased().split { !$0.isLetter && !$0.isNumber }
        return words.isEmpty ? "http_error" : words.joined(separator: "_")
    }
}
