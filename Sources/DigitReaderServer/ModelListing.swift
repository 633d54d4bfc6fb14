import DigitReaderCore

/// The body of `GET /api/models`: the default model and every model the server offers.
public struct ModelListing: Codable, Sendable, Equatable, JSONConvertible {
    /// The id used when a request names no model.
    public var defaultID: String
    /// Every registered model, then the ensemble.
    public var models: [ModelSummary]

    public init(defaultID: String, models: [ModelSummary]) {
        self.defaultID = defaultID
        self.models = models
    }

    /// The listing of everything in `registry`.
    public init(_ registry: RecognizerRegistry) {
        self.init(defaultID: registry.defaultID, models: registry.recognizers.map(ModelSummary.init))
    }

    public var json: JSONValue {
        .object([("default", .string(defaultID)), ("models", .array(models.map(\.json)))])
    }

    private enum CodingKeys: String, CodingKey {
        case defaultID = "default"
        case models
    }
}
