import DigitReaderCore
import DigitReaderServer

/// A recognizer with a fixed answer, so threshold and ensemble behaviour can be asserted exactly.
struct FixedRecognizer: Recognizer {
    let id: String
    let name: String
    let summary = "Always gives the same probabilities (test double)"
    let parameterCount = 0
    let card: ModelCard? = nil
    let answer: [Float]

    /// Puts `confidence` on `digit` and spreads the rest evenly.
    init(id: String, digit: Int, confidence: Float) {
        self.id = id
        self.name = "Fixed \(digit)"
        let rest = (1 - confidence) / 9
        self.answer = (0..<10).map { $0 == digit ? confidence : rest }
    }

    func probabilities(for batch: [DigitImage]) -> [[Float]] {
        batch.map { _ in answer }
    }
}

/// The registry every server test uses: a tiny untrained network (exercising the real
/// `NetworkRecognizer` path), two fixed recognizers, and the ensemble of all three.
enum TestRegistry {
    static let ensembleAccuracy = 0.9876

    /// Fitted exponents for the `weighted` (geometric) ensemble.
    static let weights = ["tiny": 0.5, "sure-seven": 1.2, "unsure-three": 0.3]

    static func make(ensembleMethod: EnsembleSettings.Method = .mean) throws -> RecognizerRegistry {
        let network = Network(inputShape: [28, 28, 1], seed: 1) {
            Flatten()
            Dense(10)
        }
        let tiny = NetworkRecognizer(id: "tiny", name: "Tiny network", summary: "Untrained 784-10 dense layer", network: network, card: nil)
        return try RecognizerRegistry(
            recognizers: [
                tiny,
                FixedRecognizer(id: "sure-seven", digit: 7, confidence: 0.9),
                FixedRecognizer(id: "unsure-three", digit: 3, confidence: 0.4),
            ],
            ensembleSettings: EnsembleSettings(
                method: ensembleMethod, weights: ensembleMethod == .weighted ? weights : [:],
                accuracy: ["mnist": ensembleAccuracy]))
    }
}
