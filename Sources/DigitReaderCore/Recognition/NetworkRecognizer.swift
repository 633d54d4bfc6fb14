/// A `Recognizer` backed by a trained `Network`, the form every plug-in model takes.
public struct NetworkRecognizer: Recognizer {
    public let id: String
    public let name: String
    public let summary: String
    public let network: Network
    public let card: ModelCard?

    public init(id: String, name: String, summary: String, network: Network, card: ModelCard?) {
        self.id = id
        self.name = name
        self.summary = summary
        self.network = network
        self.card = card
    }

    public var parameterCount: Int { network.parameterCount }

    /// Softmax of the logits divided by the card's calibrated temperature (1 without one).
    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        guard !batch.isEmpty else { return [] }
        var logits = network(Tensor(batch: batch))
        if let temperature = card?.temperature, temperature > 0, temperature != 1 {
            logits.scalars.withUnsafeMutableBufferPointer { values in
                for index in values.indices { values[index] /= temperature }
            }
        }
        return logits.rows.map(Probabilities.softmax)
    }
}
