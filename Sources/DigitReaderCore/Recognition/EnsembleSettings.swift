/// How the ensemble combines its members, as fitted by `digit-reader fit-ensemble`.
public struct EnsembleSettings: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Plain mean of probabilities.
        case mean
        /// Weighted geometric mean (log-linear pooling) with exponents fitted on validation digits.
        case weighted
    }

    /// The method the ensemble uses.
    public var method: Method
    /// Fitted weight (the exponent of the weighted geometric mean) per model id.
    public var weights: [String: Double]
    /// Accuracy on each validation set (by set name) of the ensemble (`ensemble`) and of each
    /// member (by id), as measured when fitting: the record that the ensemble beats its members.
    public var validation: [String: [String: Double]]
    /// Accuracy on named test sets (`mnist`), measured after fitting.
    public var accuracy: [String: Double]

    public init(method: Method, weights: [String: Double], validation: [String: [String: Double]] = [:], accuracy: [String: Double] = [:]) {
        self.method = method
        self.weights = weights
        self.validation = validation
        self.accuracy = accuracy
    }

    /// Equal weights, used until an ensemble has been fitted.
    public static let unfitted = EnsembleSettings(method: .mean, weights: [:])
}
