import DigitReaderCore
import Foundation

/// A classic two-convolution network: small, fast and above 99% on MNIST.
public enum ShallowCNN {
    public static let module = RecognizerModule(
        id: "shallow-cnn",
        name: "Shallow CNN",
        summary: "Two 5x5 convolutions with max pooling and a dense head: small and fast",
        bundledWeightsDirectory: Bundle.module.url(forResource: "Weights", withExtension: nil)
    ) { seed in
        Network(inputShape: [28, 28, 1], seed: seed) {
            Conv2D(filters: 32, kernel: 5)
            ReLU()
            MaxPool2D(2)
            Conv2D(filters: 64, kernel: 5)
            ReLU()
            MaxPool2D(2)
            Flatten()
            Dense(128)
            ReLU()
            Dropout(0.4)
            Dense(DigitClass.count)
        }
    }

    /// How `digit-reader train` trains it (registered in `trainingPlans`). Flags on half the
    /// ones and hooked tails on half the nines: MNIST has few of either, and pen-drawn digits
    /// often do.
    public static let recipe = TrainingRecipe(
        epochs: 8, batchSize: 128, learningRate: 1e-3,
        augmentation: Augmentation(flaggedOnes: 0.5, hookedNines: 0.5),
        mix: TrainingMix(penRenders: 3, scanCopies: 2))
}
