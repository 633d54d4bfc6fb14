import DigitReaderStorage
import Foundation
import Hummingbird

// MARK: - The errors of the feedback and administration routes

extension APIError {
    /// A correction without its right answer.
    public static let missingLabel = APIError(
        status: .badRequest, code: "missing_label",
        message: "A correction needs the right answer: \"label\" (one digit, 0-9) or \"text\" (the digits of a whole number), in the JSON body or, for other bodies, the query string.")

    /// Both a label and a text, or neither in a usable form.
    public static func invalidLabel(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_label", message: "\(detail) Send \"label\" as one digit 0-9, or \"text\" as 1 to \(FeedbackSubmission.maxTextDigits) digits, not both.")
    }

    /// The `predicted` field is not a digit or number.
    public static func invalidPredicted(_ value: some StringProtocol) -> APIError {
        APIError(
            status: .badRequest, code: "invalid_predicted",
            message: "\"predicted\" must be what the page showed: a digit 0-9, the digits of a number, or null; got \(quote(value)).")
    }

    /// A blank drawing has nothing to learn from.
    public static let emptyDrawing = APIError(
        status: .badRequest, code: "empty_drawing",
        message: "The drawing is empty, so there is nothing to learn from it. Draw the digit, then send the correction.")

    /// An upload larger than the feedback store keeps.
    public static func uploadTooLargeToKeep(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, code: "upload_too_large_to_keep",
            message: "Corrections keep uploads of at most \(limit) bytes; send the drawing as a canvas PNG (a few kilobytes).")
    }

    /// The `Idempotency-Key` header is not usable.
    public static let invalidIdempotencyKey = APIError(
        status: .badRequest, code: "invalid_idempotency_key",
        message: "Idempotency-Key must be 1 to \(FeedbackSubmission.maxIdempotencyKeyLength) visible ASCII characters, e.g. a UUID.")

    /// The store could not keep the correction (or answer a query); nothing was stored.
    public static func storageUnavailable(_ error: StorageError) -> APIError {
        APIError(
            status: .serviceUnavailable, code: "storage_unavailable",
            message: "The correction store is unavailable (\(error.description)); nothing was stored. Retry in a moment with the same Idempotency-Key.")
    }

    /// The store holds a record it cannot read back.
    public static func storageCorrupt(_ error: StorageError) -> APIError {
        .internalFailure("The correction store holds a record it cannot read: \(error.description)")
    }

    /// No stored correction has this id.
    public static func unknownFeedback(_ id: String) -> APIError {
        APIError(status: .notFound, code: "unknown_feedback", message: "No correction \(quote(id)) is stored (it may have been deleted).")
    }

    /// A correction id that is not a UUID.
    public static func invalidFeedbackID(_ value: some StringProtocol) -> APIError {
        APIError(status: .badRequest, code: "invalid_feedback_id", message: "Correction ids are UUIDs as POST /api/feedback answers them; got \(quote(value)).")
    }

    /// `limit` out of range.
    public static func invalidLimit(_ value: some StringProtocol) -> APIError {
        APIError(status: .badRequest, code: "invalid_limit", message: "limit must be a whole number from 1 to \(FeedbackListing.maxLimit); got \(quote(value)).")
    }

    /// An administration route without credentials.
    public static let unauthorized: APIError = {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = #"Bearer realm="digit-reader""#
        return APIError(
            status: .unauthorized, code: "unauthorized",
            message: "This route needs the administrator's token: send Authorization: Bearer <token> (the --admin-token the server was started with).",
            headers: headers)
    }()

    /// An administration route with the wrong token.
    public static let forbidden = APIError(
        status: .forbidden, code: "forbidden", message: "The token in the Authorization header is not this server's administrator token.")

    /// A reload whose new models could not be loaded; the old ones keep serving.
    public static func reloadRefused(_ reason: String) -> APIError {
        APIError(
            status: .unprocessableContent, code: "reload_refused",
            message: "The models were not reloaded, the ones loaded before keep serving: \(reason).")
    }

    /// The server was started without a way to load models again.
    public static let reloadUnavailable = APIError(
        status: .notImplemented, code: "reload_unavailable",
        message: "This server was started with models it cannot load again (no models folder); restart it instead.")

    /// The store answered `error`: 503 when it could not be reached, 404 for an unknown cursor.
    static func storage(_ error: StorageError) -> APIError {
        switch error {
        case let .unknownRecord(id): .unknownFeedback(id.uuidString.lowercased())
        case .corrupt: .storageCorrupt(error)
        case .unavailable, .invalidLocation: .storageUnavailable(error)
        }
    }
}
