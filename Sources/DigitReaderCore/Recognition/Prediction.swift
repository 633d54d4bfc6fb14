/// One model's answer for one image: the body of `POST /api/predict`, each entry of
/// `POST /api/compare`, and what `digit-reader predict` prints. The rule that turns ten
/// probabilities into a digit or "could not identify" lives here and nowhere else.
///
/// - `digit` is `null` when the top probability is below the request's threshold (the original
///   app's "could not identify" rule) or when the drawing is empty.
/// - An empty drawing (blank canvas, a lone dot) is not shown to the model at all: asking a
///   model to guess on nothing gives a confident-looking but meaningless answer. Instead
///   `empty` is `true`, `probabilities` are all `0.1` (uniform), `confidence` is `0.1` and
///   `elapsedMs` is `0`.
/// - `elapsedMs` is the time spent in the model's inference only, in milliseconds.
/// - `input`, present only with `debug=true`, is a PNG data URL of the 28 x 28 image the
///   model saw, so a person can check what normalisation made of their drawing.
public struct Prediction: Codable, Sendable, Equatable {
    /// The model id that answered, e.g. `multilayer-cnn` or `ensemble`.
    public var model: String
    /// The recognised digit, or `nil` (JSON `null`) when unsure or empty.
    public var digit: Int?
    /// The top probability.
    public var confidence: Float
    /// Ten probabilities, one per digit 0-9, summing to 1.
    public var probabilities: [Float]
    /// Whether the drawing was empty.
    public var empty: Bool
    /// Milliseconds spent in the model's inference.
    public var elapsedMs: Double
    /// Debug only: data URL of the 28 x 28 PNG the model saw.
    public var input: String?

    /// Top probabilities below this give `digit: nil` unless a request says otherwise: below 60%
    /// the original app said it could not identify the digit.
    public static let defaultThreshold: Float = 0.6

    public init(model: String, digit: Int?, confidence: Float, probabilities: [Float], empty: Bool, elapsedMs: Double, input: String? = nil) {
        self.model = model
        self.digit = digit
        self.confidence = confidence
        self.probabilities = probabilities
        self.empty = empty
        self.elapsedMs = elapsedMs
        self.input = input
    }

    /// The answer for ten probabilities: the most probable digit is named when its probability
    /// reaches `threshold`; otherwise `digit` is nil and `confidence` still shows the best guess.
    public init(model: String, probabilities: [Float], threshold: Float = Self.defaultThreshold, elapsedMs: Double, input: String? = nil) {
        let best = probabilities.argmax
        self.init(
            model: model, digit: probabilities[best] >= threshold ? best : nil, confidence: probabilities[best],
            probabilities: probabilities, empty: false, elapsedMs: elapsedMs, input: input)
    }

    /// The answer for an empty drawing, which no model is asked about: uniform probabilities.
    public static func empty(model: String, input: String? = nil) -> Prediction {
        let uniform = 1 / Float(DigitClass.count)
        return Prediction(
            model: model, digit: nil, confidence: uniform, probabilities: [Float](repeating: uniform, count: DigitClass.count),
            empty: true, elapsedMs: 0, input: input)
    }

    private enum CodingKeys: String, CodingKey {
        case model, digit, confidence, probabilities, empty, elapsedMs, input
    }

    /// Writes `digit` even when it is `nil` (clients test `digit === null`), `input` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(digit, forKey: .digit)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(probabilities, forKey: .probabilities)
        try container.encode(empty, forKey: .empty)
        try container.encode(elapsedMs, forKey: .elapsedMs)
        try container.encodeIfPresent(input, forKey: .input)
    }
}
