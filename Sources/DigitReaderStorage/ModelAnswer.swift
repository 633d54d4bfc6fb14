/// What one model answered for a corrected drawing, and which weights it answered with.
public struct ModelAnswer: Codable, Sendable, Equatable {
    /// The model id, e.g. `wide-cnn` or `ensemble`.
    public var model: String
    /// The digit it read, `nil` when unsure or the drawing was empty.
    public var digit: Int?
    /// Its top probability.
    public var confidence: Float
    /// The sha256 (hex) of its weights: which trained model made the mistake (`nil` for a model
    /// without a weight file).
    public var weightsSHA256: String?

    public init(model: String, digit: Int?, confidence: Float, weightsSHA256: String?) {
        self.model = model
        self.digit = digit
        self.confidence = confidence
        self.weightsSHA256 = weightsSHA256
    }
}
