import DigitReaderCore

/// The query parameters of `/api/predict` and `/api/compare`, validated.
///
/// Parsed before the body is read, so a mistyped model id or threshold is reported without
/// uploading and decoding the image first.
public struct PredictionOptions: Sendable, Equatable {
    /// The requested model id, `nil` for the registry's default.
    public var modelID: String?
    /// Top probabilities below this give `digit: null`.
    public var threshold: Float
    /// Whether to return the 28 x 28 input image.
    public var debug: Bool

    public init(modelID: String? = nil, threshold: Float = Prediction.defaultThreshold, debug: Bool = false) {
        self.modelID = modelID
        self.threshold = threshold
        self.debug = debug
    }

    /// Reads the query parameters `model`, `threshold` (a number in 0...1) and `debug`
    /// (`true`/`false`/`1`/`0`), each `nil` when absent. An empty `model=` means the default model.
    public init(model: Substring?, threshold: Substring?, debug: Substring?) throws(APIError) {
        self.init()
        if let model, !model.isEmpty {
            modelID = String(model)
        }
        if let text = threshold {
            guard let value = Float(text), value.isFinite, (0...1).contains(value) else { throw .invalidThreshold(text) }
            self.threshold = value
        }
        if let text = debug {
            switch text.lowercased() {
            case "", "true", "1", "yes", "on": self.debug = true
            case "false", "0", "no", "off": self.debug = false
            default: throw .invalidDebug(text)
            }
        }
    }
}
