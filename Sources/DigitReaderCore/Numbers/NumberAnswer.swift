/// A whole number as answered by `POST /api/read` and printed by `digit-reader read`.
///
/// Each digit follows `Prediction`'s rule: named when its top probability reaches the
/// threshold, `null` otherwise (and `?` in `text`). An empty drawing gives `"text": ""`,
/// `"digits": []`, `"empty": true`. `elapsedMs` is the whole reading: segmentation,
/// normalisation and every recognizer call.
public struct NumberAnswer: Codable, Sendable, Equatable {
    /// One digit of the number, left to right.
    public struct Digit: Codable, Sendable, Equatable {
        /// The digit, or `nil` (JSON `null`) when the recognizer was unsure.
        public var digit: Int?
        /// The top probability.
        public var confidence: Float
        /// Ten probabilities, one per digit 0-9.
        public var probabilities: [Float]
        /// Where the digit is, in the upload's own pixels (or stroke units).
        public var box: Box
        /// Debug only: data URL of the 28 x 28 PNG the model saw.
        public var input: String?

        private enum CodingKeys: String, CodingKey {
            case digit, confidence, probabilities, box, input
        }

        /// Writes `digit` even when it is `nil`, `input` only when set.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(digit, forKey: .digit)
            try container.encode(confidence, forKey: .confidence)
            try container.encode(probabilities, forKey: .probabilities)
            try container.encode(box, forKey: .box)
            try container.encodeIfPresent(input, forKey: .input)
        }
    }

    /// A box with its top-left corner at `x`, `y`; y grows downwards.
    public struct Box: Codable, Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        /// `box` rounded to hundredths, so answers stay short.
        public init(_ box: StrokeBox) {
            func rounded(_ value: Float) -> Double { (Double(value) * 100).rounded() / 100 }
            x = rounded(box.minX)
            y = rounded(box.minY)
            width = rounded(box.width)
            height = rounded(box.height)
        }
    }

    /// The model id that read the number.
    public var model: String
    /// The digits as text, `?` for each one under the threshold.
    public var text: String
    public var digits: [Digit]
    /// Whether nothing was written.
    public var empty: Bool
    public var elapsedMs: Double

    /// The answer for `reading`, with `inputs` (debug data URLs, one per digit) when given.
    public init(model: String, reading: NumberReading, threshold: Float, elapsedMs: Double, inputs: [String]? = nil) {
        self.model = model
        digits = reading.digits.enumerated().map { index, digit in
            let named = Prediction(model: model, probabilities: digit.probabilities, threshold: threshold, elapsedMs: 0)
            return Digit(
                digit: named.digit, confidence: named.confidence, probabilities: digit.probabilities,
                box: Box(digit.box), input: inputs?[index])
        }
        text = digits.map { $0.digit.map(String.init) ?? "?" }.joined()
        empty = reading.isEmpty
        self.elapsedMs = elapsedMs
    }
}
