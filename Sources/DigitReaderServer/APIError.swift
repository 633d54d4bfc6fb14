import DigitReaderCore
import Hummingbird

/// A failure the API reports to its client: HTTP status, stable snake_case code, and a sentence
/// saying what went wrong and how to fix it.
///
/// Every error the server answers has the same JSON shape,
/// `{"error":{"code":"...","message":"..."}}`, so programs branch on `code` and people read
/// `message`. Handlers throw these; `ErrorMiddleware` turns anything else into one.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status of the answer (4xx for client mistakes, 5xx only for our own failures).
    public var status: HTTPResponse.Status
    /// Stable machine-readable identifier, e.g. `invalid_base64`.
    public var code: String
    /// What went wrong and how to fix it, for a person.
    public var message: String
    /// Extra response headers, e.g. `Allow` on a 405.
    public var headers: HTTPFields

    /// An error answered with `status`, `code` and `message`.
    public init(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON response for this error.
    public var response: Response {
        JSONResponse.make(ErrorEnvelope(error: .init(code: code, message: message)), status: status, headers: headers)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }
}

// MARK: - The errors the API answers

extension APIError {
    /// Longest piece of client input quoted back in a message, so a huge value cannot bloat answers.
    static let quoteLimit = 80

    /// `text` shortened for quoting in a message.
    static func quote(_ text: some StringProtocol) -> String {
        text.count <= quoteLimit ? "'\(text)'" : "'\(text.prefix(quoteLimit))...'"
    }

    /// The request had no body, or an empty image.
    public static let emptyBody = APIError(
        status: .badRequest, code: "empty_body",
        message: "The request contained no image. Send JSON {\"image\": \"<data URL or base64 PNG/JPEG>\"}, raw PNG/JPEG bytes, or a multipart form with a file field named 'image'.")

    /// The body is larger than the server accepts.
    public static func bodyTooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, code: "body_too_large",
            message: "The request body is larger than \(limit) bytes, the most this server accepts. Send a smaller image (a 280 x 280 PNG is a few kilobytes).")
    }

    /// The body's content type is not one the endpoint reads.
    public static func unsupportedMediaType(_ contentType: String) -> APIError {
        APIError(
            status: .unsupportedMediaType, code: "unsupported_media_type",
            message: "Content type \(quote(contentType)) is not supported. Use application/json with {\"image\": \"...\"}, image/png, image/jpeg, or multipart/form-data with a file field named 'image'.")
    }

    /// The JSON body does not parse.
    public static func invalidJSON(_ detail: String) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_json",
            message: "The body is not valid JSON (\(detail)). Send {\"image\": \"<data URL or base64 PNG/JPEG>\"}.")
    }

    /// The JSON body parses but is not an object.
    public static let jsonNotObject = APIError(
        status: .badRequest, code: "json_not_object",
        message: "The JSON body must be an object like {\"image\": \"<data URL or base64 PNG/JPEG>\"}.")

    /// No image field (JSON key, form field or multipart part).
    public static func missingImage(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "missing_image", message: detail)
    }

    /// The JSON `image` field is there but not a string.
    public static let imageNotString = APIError(
        status: .badRequest, code: "image_not_string",
        message: "The JSON field 'image' must be a string: a data URL (data:image/png;base64,...) or bare base64 of a PNG or JPEG file.")

    /// The JSON `strokes` field is not a valid drawing (shape, numbers or limits).
    public static func invalidStrokes(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_strokes", message: detail)
    }

    /// The JSON body has both an image and strokes.
    public static let ambiguousUpload = APIError(
        status: .badRequest, code: "ambiguous_upload",
        message: "The JSON object has both 'image' and 'strokes'; send one of them.")

    /// A number with more digits than `/api/read` reads.
    public static func tooManyDigits(_ error: NumberReadingError) -> APIError {
        APIError(status: .unprocessableContent, code: "too_many_digits", message: error.description + " Send a shorter number.")
    }

    /// The image text is not valid base64.
    public static func invalidBase64(_ detail: String) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_base64",
            message: "The image is not valid base64 (\(detail)). Send a data URL (data:image/png;base64,...) or the base64 of a PNG or JPEG file.")
    }

    /// A data URL that is not base64 encoded.
    public static let invalidDataURL = APIError(
        status: .badRequest, code: "invalid_data_url",
        message: "The data URL is not base64 encoded. Send data:image/png;base64,<base64 of the file>, as canvas.toDataURL() produces.")

    /// A multipart body that breaks the format.
    public static func invalidMultipart(_ detail: String) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_multipart",
            message: "The multipart/form-data body cannot be read: \(detail).")
    }

    /// A form body that breaks the format.
    public static func invalidForm(_ detail: String) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_form",
            message: "The form body cannot be read: \(detail).")
    }

    /// The `model` parameter names no registered model.
    public static func unknownModel(_ id: String, known: [String]) -> APIError {
        APIError(
            status: .notFound, code: "unknown_model",
            message: "There is no model \(quote(id)). Valid ids: \(known.joined(separator: ", ")).")
    }

    /// The `threshold` parameter is not a number in 0...1.
    public static func invalidThreshold(_ value: some StringProtocol) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_threshold",
            message: "threshold must be a number from 0 to 1 (e.g. threshold=0.6), got \(quote(value)).")
    }

    /// The `debug` parameter is not a boolean.
    public static func invalidDebug(_ value: some StringProtocol) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_debug",
            message: "debug must be true or false, got \(quote(value)).")
    }

    /// The image bytes could not be decoded; the status follows what the client must change.
    public static func image(_ error: ImageDecodingError) -> APIError {
        let status: HTTPResponse.Status =
            switch error {
            case .empty, .notAnImage, .truncated, .corrupt, .zeroSize: .badRequest
            case .unsupportedFormat: .unsupportedMediaType
            case .tooLarge: .contentTooLarge
            case .outOfMemory: .serviceUnavailable
            }
        return APIError(status: status, code: error.code, message: error.description)
    }

    /// No route at this path.
    public static func notFound(_ path: String) -> APIError {
        APIError(
            status: .notFound, code: "not_found",
            message: "Nothing at \(quote(path)). The API has \(Route.api.map(\.description).joined(separator: ", ")); the web page is at /.")
    }

    /// The web page files are not installed.
    public static let webPageMissing = APIError(
        status: .notFound, code: "web_page_missing",
        message: "The web page is not installed on this server. Start it with --web-dir pointing at the Web folder, or from the project folder. The API under /api works without it.")

    /// The path exists but not for this method.
    public static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = list
        return APIError(
            status: .methodNotAllowed, code: "method_not_allowed",
            message: "\(method.rawValue) is not allowed on \(quote(path)); use \(list).", headers: headers)
    }

    /// The code of `busy`.
    public static let busyCode = "server_busy"

    /// Too many recognitions are waiting; the client should retry after `retryAfter` (sent as
    /// `Retry-After` in whole seconds, at least one).
    public static func busy(retryAfter: Duration) -> APIError {
        let seconds = max(1, Int((RecognitionEngine.milliseconds(retryAfter) / 1000).rounded(.up)))
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return APIError(
            status: .serviceUnavailable, code: busyCode,
            message: "The server has too many images waiting to be read. Retry in \(seconds) s.", headers: headers)
    }

    /// The server is shutting down and no longer reads images.
    public static let shuttingDown = APIError(
        status: .serviceUnavailable, code: "shutting_down",
        message: "The server is shutting down. Retry in a moment.")

    /// Our own failure, with a message saying which step failed.
    public static func internalFailure(_ message: String) -> APIError {
        APIError(status: .internalServerError, code: "internal_error", message: message)
    }

    /// Our own failure, already logged with its details.
    public static let internalError = APIError(
        status: .internalServerError, code: "internal_error",
        message: "The server failed to handle the request; the failure has been logged. Retry, and report it if it persists.")
}
