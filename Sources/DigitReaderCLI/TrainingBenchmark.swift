import DigitReaderCore
import DigitReaderTraining
import Foundation

/// Training speed of one model with its own recipe on a slice of MNIST: how long an epoch takes
/// here, to compare with the TensorFlow reference measured on the same machine.
struct TrainingBenchmark {
    /// TensorFlow/Keras, 1.2 M-parameter CNN, one epoch of MNIST on this machine.
    static let referenceSecondsPerEpoch = 41.0
    /// Digits in one training epoch (60,000 minus the 5,000 held out for validation).
    static let epochDigits = 55_000

    struct Report: Encodable {
        let model: String
        let parameters: Int
        let batches: Int
        let batchSize: Int
        let images: Int
        let seconds: Double
        let imagesPerSecond: Double
        /// Images per CPU second of the training thread (OpenBLAS runs on it with one thread).
        let imagesPerCPUSecond: Double
        let secondsPerEpoch: Double
        let referenceSecondsPerEpoch: Double
        let blasKernel: String
    }

    let module: RecognizerModule
    let recipe: TrainingRecipe
    let batches: Int

    func run(training: MNISTDataset, status: BenchmarkStatus) -> Report {
        var recipe = recipe
        recipe.epochs = 1
        let images = min(batches * recipe.batchSize, training.count)
        let subset = training.subset(Array(0..<images))
        let network = module.untrainedNetwork(seed: 1)
        let trainer = Trainer(recipe: recipe, seed: 1)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = LatencyBenchmark.threadCPUSeconds()
        _ = trainer.train(network, on: subset, validation: nil) { progress in
            status.update(String(format: "training %@: batch %d/%d  %.0f img/s", module.id, progress.batch, progress.batches, progress.imagesPerSecond))
        }
        let seconds = LatencyStatistics.seconds(clock.now - start)
        let rate = Double(images) / seconds
        let cpuRate = Double(images) / max(LatencyBenchmark.threadCPUSeconds() - cpuStart, 1e-9)
        status.finish(String(format: "training %@: %d images in %.1f s", module.id, images, seconds))
        return Report(
            model: module.id, parameters: network.parameterCount, batches: (images + recipe.batchSize - 1) / recipe.batchSize,
            batchSize: recipe.batchSize, images: images, seconds: seconds, imagesPerSecond: rate, imagesPerCPUSecond: cpuRate,
            secondsPerEpoch: Double(Self.epochDigits) / rate, referenceSecondsPerEpoch: Self.referenceSecondsPerEpoch,
            blasKernel: BLASKernel.coreName)
    }

    static func table(_ report: Report) -> String {
        String(
            format: """
                Training (%@, %d parameters, its recipe incl. augmentation, %d batches of %d, OpenBLAS %@ kernels)
                  %.0f images/s -> %.0f s per %d-digit epoch (TensorFlow reference: ~%.0f s/epoch, 1.2M-parameter Keras CNN)
                  %.0f images per CPU second -> %.0f CPU s per epoch (time the scheduler gave to other processes excluded)
                """,
            report.model, report.parameters, report.batches, report.batchSize, report.blasKernel,
            report.imagesPerSecond, report.secondsPerEpoch, epochDigits, report.referenceSecondsPerEpoch,
            report.imagesPerCPUSecond, Double(epochDigits) / report.imagesPerCPUSecond)
    }
}
