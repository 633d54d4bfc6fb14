/// How the ensemble combines its members, as fitted by `digit-reader fit-ensemble`.
public struct EnsembleSettings: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable {
        /// Plain mean of probabilities.
        case mean
        /// Weighted geometric mean (log-linear pooling) with exponents fitted on the validation split.
        case weighted
        /// The answers of `bestMember` alone: no combination read the validation split better.
        case best
    }

    /// The method the ensemble uses (the best of the three on the validation split).
    public var method: Method
    /// Fitted weight (the exponent of the weighted geometric mean) per model id.
    public var weights: [String: Double]
    /// Validation accuracy of each method, for the record.
    public var validationAccuracy: [String: Double]
    /// Accuracy on named test sets (`mnist`), measured after fitting.
    public var accuracy: [String: Double]
    /// The member with the best validation accuracy, which the `best` method follows.
    public var bestMember: String?

    public init(
        method: Method, weights: [String: Double], validationAccuracy: [String: Double], accuracy: [String: Double],
        bestMember: String? = nil
    ) {
        self.method = method
        self.weights = weights
        self.validationAccuracy = validationAccuracy
        self.accuracy = accuracy
        self.bestMember = bestMember
    }

    /// Equal weights, used until an ensemble has been fitted.
    public static let unfitted = EnsembleSettings(method: .mean, weights: [:], validationAccuracy: [:], accuracy: [:])
}
