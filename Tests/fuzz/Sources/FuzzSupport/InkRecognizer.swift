import DigitReaderCore

/// A stand-in recognizer for fuzzing number segmentation: its answer depends on the digit's ink
/// (how much, and where), so different inputs drive the grouping down different paths, and it
/// costs nothing next to a real network.
public struct InkRecognizer: Recognizer {
    public let id = "ink"
    public let name = "Ink"
    public let summary = "Probabilities from the amount and place of ink"
    public let parameterCount = 0
    public let card: ModelCard? = nil

    public init() {}

    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        batch.map { digit in
            var scores = [Float](repeating: 0, count: DigitClass.count)
            for (index, value) in digit.pixels.enumerated() where value > 0 {
                scores[index % DigitClass.count] += value
            }
            let total = scores.reduce(0, +)
            guard total > 0 else { return [Float](repeating: 1 / Float(DigitClass.count), count: DigitClass.count) }
            return scores.map { $0 / total }
        }
    }
}
