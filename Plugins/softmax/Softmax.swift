import DigitReaderCore
import Foundation

/// Softmax regression: one dense layer from 784 pixels to 10 scores.
///
/// The original Digit Reader model (92.9% on MNIST); kept as the simplest, fastest baseline.
public enum Softmax {
    public static let module = RecognizerModule(
        id: "softmax",
        name: "Softmax regression",
        summary: "One linear layer from 784 pixels to 10 classes: tiny, instant, the original baseline",
        bundledWeightsDirectory: Bundle.module.url(forResource: "Weights", withExtension: nil)
    ) { seed in
        Network(inputShape: [28, 28, 1], seed: seed) {
            Flatten()
            Dense(DigitClass.count)
        }
    }

    /// How `digit-reader train` trains it (registered in `trainingPlans`).
    public static let recipe = TrainingRecipe(
        epochs: 30, batchSize: 100, learningRate: 1e-3, weightDecay: 1e-4,
        mix: TrainingMix(penRenders: 1, scanCopies: 1))
}
