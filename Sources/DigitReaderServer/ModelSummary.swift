import DigitReaderCore

/// What `GET /api/models` says about one model.
public struct ModelSummary: Codable, Sendable, Equatable, JSONConvertible {
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

    /// `{"id","name","summary","parameters","accuracy"}`, accuracy keys sorted.
    public var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("summary", .string(summary)),
            ("parameters", .int(parameters)),
            ("accuracy", .object(accuracy.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })),
        ])
    }

    /// The summary of `recognizer`; the ensemble's accuracy comes from its fitted settings,
    /// every other model's from its model card.
    public init(_ recognizer: any Recognizer) {
        let accuracy = (recognizer as? EnsembleRecognizer)?.settings.accuracy ?? recognizer.card?.accuracy ?? [:]
        self.init(
            id: recognizer.id, name: recognizer.name, summary: recognizer.summary,
            parameters: recognizer.parameterCount, accuracy: accuracy)
    }
}
