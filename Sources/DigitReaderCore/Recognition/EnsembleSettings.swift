/// How the ensemble combines its members, as fitted by `digit-reader fit-ensemble`.
public struct EnsembleSettings: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable {
        /// Plain mean of probabilities.
        case mean
        /// Weighted geometric mean (log-linear pooling) with exponents fitted on the validation split.
        case weighted
    }

    /// The method the ensemble uses (the better of the two on the validation split).
    public var method: Method
    /// Fitted weight (the exponent of the weighted geometric mean) per model id.
    public var weights: [String: Double]
    /// Validation accuracy of each method, for the record.
    public var validationAccuracy: [String: Double]
    /// Accuracy on named test sets (`mnist`), measured after fitting.
    public var accuracy: [String: Double]

    public init(method: Method, weights: [String: Double], validationAccuracy: [String: Double], accuracy: [String: Double]) {
        self.method = method
        self.weights = weights
        self.validationAccuracy = validationAccuracy
        self.accuracy = accuracy
    }

    /// Equal weights, used until an ensemble has been fitted.
    public static let unfitted = EnsembleSettings(method: .mean, weights: [:], validationAccuracy: [:], accuracy: [:])
}
