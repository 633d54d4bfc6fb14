import Foundation

/// One correction: what was drawn, what the models said, and what the person says it is.
///
/// Holds nothing about who sent it (no address, cookie or identifier): only the drawing, the
/// answers and the time.
public struct FeedbackRecord: Sendable, Equatable {
    /// Assigned by the server when the request arrives.
    public var id: UUID
    /// When the correction arrived, to the millisecond (what both databases keep exactly).
    public var createdAt: Date
    /// The right answer: one digit `"0"`...`"9"`, or the digits of a whole number.
    public var label: String
    /// The model the person was asking, when the page said.
    public var model: String?
    /// What the page showed them, when it said.
    public var predicted: String?
    /// The upload as it arrived: the image file, or the strokes JSON.
    public var upload: Data
    /// `image` for an image file, `strokes` for drawn strokes.
    public var uploadKind: String
    /// The strokes as JSON, when the upload was strokes.
    public var strokes: String?
    /// The normalised 28 x 28 input the models saw, as a grey PNG.
    public var inputPNG: Data
    /// Every model's answer when the correction arrived, with the sha256 of its weights.
    public var answers: [ModelAnswer]
    /// The client's `Idempotency-Key`, when it sent one.
    public var idempotencyKey: String?

    public init(
        id: UUID = UUID(), createdAt: Date = Date(), label: String, model: String? = nil, predicted: String? = nil,
        upload: Data, uploadKind: String, strokes: String? = nil, inputPNG: Data, answers: [ModelAnswer],
        idempotencyKey: String? = nil
    ) {
        self.id = id
        self.createdAt = Date(milliseconds: createdAt.milliseconds)
        self.label = label
        self.model = model
        self.predicted = predicted
        self.upload = upload
        self.uploadKind = uploadKind
        self.strokes = strokes
        self.inputPNG = inputPNG
        self.answers = answers
        self.idempotencyKey = idempotencyKey
    }
}

extension Date {
    /// Milliseconds since 1970, the unit both databases store.
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
