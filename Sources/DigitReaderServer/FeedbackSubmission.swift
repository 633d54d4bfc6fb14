import Foundation

/// What a correction says besides its upload: the right answer, the model that was asked and
/// what the page showed, validated.
///
/// A JSON body carries them as fields next to the upload (`"label"` or `"text"`, `"model"`,
/// `"predicted"`); a raw image, multipart or form body leaves them to the query string.
public struct FeedbackSubmission: Sendable, Equatable {
    /// The longest number a correction of `/api/read` may carry.
    public static let maxTextDigits = 32
    /// The longest `Idempotency-Key` accepted (a UUID is 36 characters).
    public static let maxIdempotencyKeyLength = 200
    /// The largest upload a correction keeps: a canvas PNG is a few kilobytes, a photo far more
    /// than anyone needs to retrain on.
    public static let maxStoredUploadBytes = 1024 * 1024

    /// The right answer: one digit, or the digits of a number.
    public var label: String
    /// Whether it is a whole number (`"text"`, a correction of `/api/read`), even of one digit.
    public var isNumber: Bool
    /// The model id the page was asking, when given.
    public var model: String?
    /// What the page showed, when given.
    public var predicted: String?

    /// Checks one of `label` (0-9) and `text` (digits), and `predicted` (digits, or absent).
    public init(label: String?, text: String?, model: String?, predicted: String?) throws(APIError) {
        switch (label, text) {
        case (nil, nil):
            throw .missingLabel
        case (.some, .some):
            throw .invalidLabel("The correction has both \"label\" and \"text\".")
        case let (.some(digit), nil):
            guard digit.count == 1, Self.isDigits(digit) else { throw .invalidLabel("\"label\" must be one digit 0-9, got \(APIError.quote(digit)).") }
            self.label = digit
            isNumber = false
        case let (nil, .some(number)):
            guard (1...Self.maxTextDigits).contains(number.count), Self.isDigits(number) else {
                throw .invalidLabel("\"text\" must be the digits of the number, got \(APIError.quote(number)).")
            }
            self.label = number
            isNumber = true
        }
        if let predicted, !predicted.isEmpty {
            guard predicted.count <= Self.maxTextDigits, Self.isDigits(predicted) else { throw .invalidPredicted(predicted) }
            self.predicted = predicted
        }
        self.model = model.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The fields of a JSON body (which `Upload` has already found to be an object).
    public static func fromJSON(_ body: [UInt8]) throws(APIError) -> FeedbackSubmission {
        let fields: JSONFields
        do {
            fields = try JSONDecoder().decode(JSONFields.self, from: Data(body))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.first?.stringValue ?? "?"
            if field == "predicted" { throw .invalidPredicted("a value of the wrong type") }
            throw .invalidLabel("\"\(field)\" has the wrong type.")
        } catch {
            throw .invalidJSON("\(error)")
        }
        return try FeedbackSubmission(label: fields.label?.text, text: fields.text, model: fields.model, predicted: fields.predicted?.text)
    }

    /// The fields from the query string, for bodies that are only the upload.
    public static func fromQuery(_ query: (String) -> Substring?) throws(APIError) -> FeedbackSubmission {
        try FeedbackSubmission(
            label: query("label").map(String.init), text: query("text").map(String.init),
            model: query("model").map(String.init), predicted: query("predicted").map(String.init))
    }

    /// The `Idempotency-Key` header's value, `nil` when absent.
    public static func idempotencyKey(_ header: String?) throws(APIError) -> String? {
        guard let header else { return nil }
        let visibleASCII = header.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        guard (1...maxIdempotencyKeyLength).contains(header.utf8.count), visibleASCII else { throw .invalidIdempotencyKey }
        return header
    }

    private static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// The JSON fields, each a number or a string where a digit is meant.
    private struct JSONFields: Decodable {
        var label: DigitText?
        var text: String?
        var model: String?
        var predicted: DigitText?
    }

    /// A digit or number sent as a JSON number (`7`) or a string (`"7"`).
    private struct DigitText: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }
}
