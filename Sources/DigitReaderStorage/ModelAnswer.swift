/// What one model answered for a corrected drawing, and which weights it answered with.
public struct ModelAnswer: Codable, Sendable, Equatable {
    /// The model id, e.g. `wide-cnn` or `ensemble`.
    public var model: String
    /// The digit it read, `nil` when unsure or the drawing was empty (and for whole numbers).
    public var digit: Int?
    /// For a whole number: the number it read, `?` for each digit it was unsure of; `nil` when
    /// the correction is of one digit.
    public var text: String?
    /// Its top probability; for a whole number, that of its least sure digit.
    public var confidence: Float
    /// The sha256 (hex) of its weights: which trained model made the mistake (`nil` for a model
    /// without a weight file).
    public var weightsSHA256: String?
    /// For a whole number: the sha256 (hex) of the whole-digit verifier's weights, which had a
    /// say in how the number was cut into digits (`nil` for one digit, or read without one).
    public var verifierSHA256: String?

    public init(model: String, digit: Int?, text: String? = nil, confidence: Float, weightsSHA256: String?, verifierSHA256: String? = nil) {
        self.model = model
        self.digit = digit
        self.text = text
        self.confidence = confidence
        self.weightsSHA256 = weightsSHA256
        self.verifierSHA256 = verifierSHA256
    }
}
