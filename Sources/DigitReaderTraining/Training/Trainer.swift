import CBLAS
import DigitReaderCore
import Foundation

/// Trains a network on MNIST and real handwriting with a recipe, reporting progress as it goes.
public struct Trainer: Sendable {
    /// A snapshot of training, sent every few batches and at the end of every epoch.
    public struct Progress: Sendable {
        public var epoch: Int
        public var epochs: Int
        public var batch: Int
        public var batches: Int
        /// Mean loss and accuracy over the epoch so far.
        public var loss: Float
        public var accuracy: Float
        public var imagesPerSecond: Double
        public var secondsRemaining: Double
        /// Accuracy on each validation set by name, set at the end of an epoch.
        public var validation: [String: Double] = [:]
        /// Whether this epoch's weights are the best so far (the ones `train` returns).
        public var isBestEpoch = false

        /// Mean accuracy over the validation sets, set at the end of an epoch.
        public var validationAccuracy: Double? {
            validation.isEmpty ? nil : validation.values.reduce(0, +) / Double(validation.count)
        }
    }

    public let recipe: TrainingRecipe
    public let seed: UInt64

    public init(recipe: TrainingRecipe, seed: UInt64) {
        precondition(recipe.epochs > 0 && recipe.batchSize > 0, "training needs at least one epoch and a positive batch size")
        self.recipe = recipe
        self.seed = seed
    }

    /// Trains `network` on MNIST alone, measuring on `validation` after every epoch.
    public func train(
        _ network: Network, on training: MNISTDataset, validation: MNISTDataset?,
        progress: (Progress) -> Void = { _ in }
    ) -> Network {
        train(network, on: TrainingSet(mnist: training), validation: validation.map { [ValidationSet($0)] } ?? [], progress: progress)
    }

    /// Trains `network` on `training`, measuring on every `validation` set after every epoch.
    /// Returns the weights of the epoch with the best mean validation accuracy (early stopping
    /// without stopping: the schedule always runs to its end), or the last epoch's without
    /// validation sets.
    public func train(
        _ network: Network, on training: TrainingSet, validation: [ValidationSet],
        progress: (Progress) -> Void = { _ in }
    ) -> Network {
        Self.keepLargeAllocationsOnTheHeap()
        var network = network
        var generator = SeededGenerator(seed: seed &+ 0x5EED)
        var context = TrainingContext(generator: SeededGenerator(seed: seed &+ 0xD80F))
        var optimizer: any Optimizer = switch recipe.optimizer {
        case .adam: Adam(weightDecay: recipe.weightDecay)
        case .sgd: SGD(weightDecay: recipe.weightDecay)
        }
        let batchesPerEpoch = (training.countPerEpoch + recipe.batchSize - 1) / recipe.batchSize
        let schedule = LearningRateSchedule(
            peak: recipe.learningRate,
            warmupSteps: Int(recipe.warmupEpochs * Float(batchesPerEpoch)),
            totalSteps: recipe.epochs * batchesPerEpoch)
        let reportEvery = max(batchesPerEpoch / 20, 1)
        let start = Date()
        var step = 0
        var best: (network: Network, accuracy: Double)?
        for epoch in 1...recipe.epochs {
            let order = training.epoch(using: &generator)
            var (lossSum, correct, seen): (Float, Int, Int) = (0, 0, 0)
            for batch in 0..<batchesPerEpoch {
                let indices = order[(batch * recipe.batchSize)..<min((batch + 1) * recipe.batchSize, order.count)]
                var pixels = [Float]()
                pixels.reserveCapacity(indices.count * DigitImage.pixelCount)
                for example in indices {
                    pixels += training.pixels(of: example, augmentation: recipe.augmentation, generator: &generator)
                }
                let labels = indices.map { training.label(of: $0) }
                let input = Tensor(shape: [indices.count, 28, 28, 1], scalars: pixels)
                let logits = network.forward(input, context: &context)
                let (loss, gradient) = SoftmaxCrossEntropy.loss(logits: logits, labels: labels, labelSmoothing: recipe.labelSmoothing)
                network.backward(gradient)
                var parameters = network.parameters
                optimizer.update(&parameters, gradients: network.gradients, learningRate: schedule.rate(at: step))
                network.parameters = parameters
                step += 1
                lossSum += loss * Float(indices.count)
                seen += indices.count
                for (scores, label) in zip(logits.rows, labels) where scores.argmax == label { correct += 1 }
                let isLast = batch == batchesPerEpoch - 1
                if batch % reportEvery == 0 || isLast {
                    let elapsed = Date().timeIntervalSince(start)
                    let rate = Double(step * recipe.batchSize) / max(elapsed, 1e-9)
                    let remainingSteps = recipe.epochs * batchesPerEpoch - step
                    var snapshot = Progress(
                        epoch: epoch, epochs: recipe.epochs, batch: batch + 1, batches: batchesPerEpoch,
                        loss: lossSum / Float(seen), accuracy: Float(correct) / Float(seen),
                        imagesPerSecond: rate, secondsRemaining: Double(remainingSteps * recipe.batchSize) / rate)
                    if isLast, !validation.isEmpty {
                        let recognizer = NetworkRecognizer(id: "training", name: "", summary: "", network: network, card: nil)
                        for set in validation { snapshot.validation[set.name] = set.accuracy(of: recognizer) }
                        let accuracy = snapshot.validationAccuracy ?? 0
                        if accuracy >= best?.accuracy ?? -1 {
                            best = (network, accuracy)
                            snapshot.isBestEpoch = true
                        }
                    }
                    progress(snapshot)
                }
            }
        }
        return best?.network ?? network
    }
}

extension Trainer {
    /// Every training step allocates activation buffers of tens of megabytes. By default glibc
    /// serves those with fresh `mmap`s and returns them on free, so each step pays page faults
    /// and zeroing for every buffer (a quarter of the training time); raising the thresholds
    /// lets freed buffers be reused.
    static func keepLargeAllocationsOnTheHeap() {
        #if os(Linux)
        mallopt(M_MMAP_THRESHOLD, 512 << 20)
        mallopt(M_TRIM_THRESHOLD, 1 << 30)
        #endif
    }
}

extension MNISTDataset {
    /// Splits off a validation set: the same digits for every model and seed, so the ensemble
    /// can be fitted on digits none of its members trained on.
    public func split(validationCount: Int) -> (training: MNISTDataset, validation: MNISTDataset) {
        var generator = SeededGenerator(seed: 20_261_126)
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        let validationCount = min(validationCount, count)
        return (subset(Array(order[validationCount...]).sorted()), subset(Array(order[..<validationCount]).sorted()))
    }

    /// The digits at `indices`, in that order.
    public func subset(_ indices: [Int]) -> MNISTDataset {
        var subsetPixels = [UInt8]()
        subsetPixels.reserveCapacity(indices.count * DigitImage.pixelCount)
        for index in indices {
            subsetPixels += pixels[(index * DigitImage.pixelCount)..<((index + 1) * DigitImage.pixelCount)]
        }
        return MNISTDataset(pixels: subsetPixels, labels: indices.map { labels[$0] })
    }
}
