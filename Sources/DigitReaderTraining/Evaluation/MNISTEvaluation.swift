import DigitReaderCore

/// Accuracy, per-class accuracy and confusion matrix of predictions against labels: a model read
/// over an `MNISTDataset` (the test split, the held-out validation digits).
public struct MNISTEvaluation: Codable, Sendable, Equatable {
    /// `confusion[label][predicted]` counts.
    public let confusion: [[Int]]

    public init(predicted: [Int], labels: [Int]) {
        precondition(predicted.count == labels.count)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: DigitClass.count), count: DigitClass.count)
        for (guess, label) in zip(predicted, labels) { confusion[label][guess] += 1 }
        self.confusion = confusion
    }

    /// Runs `recognizer` over `dataset` in batches; `progress` receives the count done so far.
    public init(recognizer: any Recognizer, dataset: MNISTDataset, batchSize: Int = 500, progress: (Int) -> Void = { _ in }) {
        var predicted: [Int] = []
        predicted.reserveCapacity(dataset.count)
        for start in stride(from: 0, to: dataset.count, by: batchSize) {
            let batch = (start..<min(start + batchSize, dataset.count)).map(dataset.image)
            predicted += recognizer.probabilities(for: batch).map(\.argmax)
            progress(predicted.count)
        }
        self.init(predicted: predicted, labels: dataset.labels)
    }

    public var count: Int { confusion.joined().reduce(0, +) }

    public var correct: Int { (0..<DigitClass.count).reduce(0) { $0 + confusion[$1][$1] } }

    /// Fraction right, 0...1.
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    /// Fraction right per true class.
    public var perClassAccuracy: [Double] {
        (0..<DigitClass.count).map { label in
            let total = confusion[label].reduce(0, +)
            return total == 0 ? 0 : Double(confusion[label][label]) / Double(total)
        }
    }
}
