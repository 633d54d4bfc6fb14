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

    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        guard !batch.isEmpty else { return [] }
        return SoftmaxCrossEntropy.probabilities(network(Tensor(batch: batch)))
    }
}
