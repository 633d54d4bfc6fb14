import DigitReaderCore

/// Stands in for a model whose answer for the current digit is already known.
///
/// `compare` runs every model on one digit, then asks the ensemble too. Giving the ensemble
/// these stand-ins instead of the real members lets it combine the answers with its own logic
/// (whatever pooling its settings choose) without running every member a second time.
struct PrecomputedRecognizer: Recognizer {
    let id: String
    let name: String
    let summary: String
    let parameterCount: Int
    let card: ModelCard?
    /// The member's probabilities for the digit being compared.
    let answer: [Float]

    /// `original`'s identity with a known `answer`.
    init(_ original: any Recognizer, answer: [Float]) {
        id = original.id
        name = original.name
        summary = original.summary
        parameterCount = original.parameterCount
        card = original.card
        self.answer = answer
    }

    /// The known answer for every digit: only ever asked about the digit it was computed for.
    func probabilities(for batch: [DigitImage]) -> [[Float]] {
        batch.map { _ in answer }
    }
}
