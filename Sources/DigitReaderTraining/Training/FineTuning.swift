import DigitReaderCore
import Foundation

/// Teaching a trained model from the corrections people sent, without letting it forget.
///
/// The corrections are split once: a fifth is held back to measure on (never trained on), the
/// rest is mixed, several copies each, with MNIST and the pen training digits, and training
/// starts from the current weights with a small learning rate. The new weights are kept only
/// when MNIST test accuracy drops by at most `maxMNISTDrop`.
public struct FineTuning: Sendable {
    /// One correction: the normalised input the models saw, the right digit, and its stored id
    /// (which decides, stably, whether it is held back).
    public struct Correction: Sendable, Equatable {
        public var id: String
        public var image: DigitImage
        public var label: Int

        public init(id: String, image: DigitImage, label: Int) {
            self.id = id
            self.image = image
            self.label = label
        }
    }

    /// The most MNIST test accuracy may fall (0.1 point) for new weights to be written.
    public static let maxMNISTDrop = 0.001

    /// The corrections to train on and those held back: every fifth by id order, so the same
    /// store always splits the same way.
    public static func split(_ corrections: [Correction]) -> (training: [Correction], heldBack: [Correction]) {
        let ordered = corrections.sorted { $0.id < $1.id }
        var split: (training: [Correction], heldBack: [Correction]) = ([], [])
        for (index, correction) in ordered.enumerated() {
            if index % 5 == 4 { split.heldBack.append(correction) } else { split.training.append(correction) }
        }
        return split
    }

    /// Accuracy before and after on each measured set, by name.
    public struct Figures: Sendable, Equatable {
        public var before: [String: Double]
        public var after: [String: Double]

        public init(before: [String: Double], after: [String: Double]) {
            self.before = before
            self.after = after
        }
    }

    /// Whether the new weights may replace the old: `nil` when they may, else why not.
    public static func refusal(mnistBefore: Double, mnistAfter: Double) -> String? {
        let drop = mnistBefore - mnistAfter
        guard drop > maxMNISTDrop + 1e-12 else { return nil }
        let points = { (value: Double) in String(format: "%.2f", value * 100) }
        return "MNIST test accuracy fell from \(points(mnistBefore))% to \(points(mnistAfter))% (\(points(drop)) points, more than the \(points(maxMNISTDrop)) allowed): the model would forget what it knew; try fewer epochs, fewer copies of each correction or a smaller learning rate"
    }

    /// The recipe for fine-tuning: `recipe`'s, with `epochs`, `learningRate` and no warm-up
    /// (the weights are trained already).
    public static func recipe(from recipe: TrainingRecipe, epochs: Int, learningRate: Float) -> TrainingRecipe {
        var tuned = recipe
        tuned.epochs = epochs
        tuned.learningRate = learningRate
        tuned.warmupEpochs = 0
        return tuned
    }
}
