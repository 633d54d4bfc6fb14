import DigitReaderCore

/// The body of `GET /api/models`: the default model and every model the server offers.
public struct ModelListing: Codable, Sendable, Equatable {
    /// The id used when a request names no model.
    public var defaultID: String
    /// The threshold used when a request gives none: under it a digit is "not identified".
    public var threshold: Float
    /// Every registered model, then the ensemble.
    public var models: [ModelSummary]

    public init(defaultID: String, threshold: Float = Prediction.defaultThreshold, models: [ModelSummary]) {
        self.defaultID = defaultID
        self.threshold = threshold
        self.models = models
    }

    /// The listing of everything in `registry`.
    public init(_ registry: RecognizerRegistry) {
        self.init(defaultID: registry.defaultID, models: registry.recognizers.map(ModelSummary.init))
    }

    private enum CodingKeys: String, CodingKey {
        case defaultID = "default"
        case threshold, models
    }
}
