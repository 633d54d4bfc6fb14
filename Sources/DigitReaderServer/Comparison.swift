import DigitReaderCore

/// The body of `POST /api/compare`: every model's answer on the same normalised input.
public struct Comparison: Codable, Sendable, Equatable {
    /// One prediction per model, in the registry's listing order (the ensemble last).
    public var results: [Prediction]
    /// Whether the drawing was empty (then every result is the uniform "empty" answer).
    public var empty: Bool

    public init(results: [Prediction], empty: Bool) {
        self.results = results
        self.empty = empty
    }
}
