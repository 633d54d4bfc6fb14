import DigitReaderCore

/// What `GET /api/models` says about one model.
public struct ModelSummary: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var summary: String
    /// Number of trainable parameters.
    public var parameters: Int
    /// Accuracy on named test sets as fractions, e.g. `["mnist": 0.9961]`; empty when unmeasured.
    public var accuracy: [String: Double]

    public init(id: String, name: String, summary: String, parameters: Int, accuracy: [String: Double]) {
        self.id = id
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.accuracy = accuracy
    }

    /// The summary of `recognizer`.
    public init(_ recognizer: any Recognizer) {
        self.init(
            id: recognizer.id, name: recognizer.name, summary: recognizer.summary,
            parameters: recognizer.parameterCount, accuracy: recognizer.accuracy)
    }
}
