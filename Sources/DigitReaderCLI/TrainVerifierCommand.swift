import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `digit-reader train-verifier`: trains the network that tells whole digits from what cutting
/// a picture of a number leaves (`WholeDigitVerifier`).
struct TrainVerifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-verifier",
        abstract: "Train the whole-digit verifier that reading numbers relies on.",
        discussion: """
            Composes numbers of 2-6 digits from the pen training writers' digits (1-25), draws \
            them as pictures with a random brush, cuts them into candidate digits exactly as \
            reading a picture does, and labels each candidate whole or not by how much of one \
            true digit's ink it holds (`WholeDigitExamples`). Numbers by the validation writers \
            (26-30) give the validation examples: they choose the epoch kept, and the figures \
            reported are theirs.
            """
    )

    @OptionGroup var pen: PenDigitsOptions

    @Option(help: "Numbers composed from the training writers' digits.")
    var numbers = 8000

    @Option(help: "Numbers composed from the validation writers' digits.")
    var validationNumbers = 800

    @Option(help: "Number of epochs.")
    var epochs = 8

    @Option(help: "Seed for composing, initial weights and shuffling.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Weights file to write.", valueName: "file"))
    var out = "models/\(WholeDigitVerifier.id).weights"

    func validate() throws {
        guard numbers >= 1, validationNumbers >= 1 else { throw ValidationError("--numbers and --validation-numbers must be at least 1") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
    }

    func run() throws {
        GEMM.setThreadCount(1)
        guard let pen = try self.pen.digits(required: true) else {
            throw ValidationError("the verifier learns from numbers written with pen digits: pass --pendigits FILE")
        }
        let examples = WholeDigitExamples()
        var generator = SeededGenerator(seed: seed)
        print("Cutting \(numbers) numbers by the training writers and \(validationNumbers) by the validation writers")
        let training = try examples.training(count: numbers, from: pen, generator: &generator)
        let held = try examples.validation(count: validationNumbers, from: pen, generator: &generator)
        let validation = ValidationSet(name: "validation-writers", images: held.map(\.image), labels: held.map(\.label))
        print("Examples: \(Self.counted(training)) for training, \(Self.counted(held)) for validation")

        let recipe = TrainingRecipe(epochs: epochs)
        let line = ProgressLine()
        let network = Trainer(recipe: recipe, seed: seed).train(
            WholeDigitVerifier.network(seed: seed), on: TrainingSet(inputs: training), validation: [validation]
        ) { p in
            let status = "epoch \(p.epoch)/\(p.epochs) \(ProgressLine.bar(Double(p.batch) / Double(p.batches)))"
                + String(format: "  loss %.4f  acc %@", p.loss, ProgressLine.percent(Double(p.accuracy)))
            if let accuracy = p.validationAccuracy {
                line.finish(status + "  validation \(ProgressLine.percent(accuracy))\(p.isBestEpoch ? "  (best)" : "")")
            } else {
                line.update(status)
            }
        }
        let verifier = WholeDigitVerifier(network: network)
        let wholeness = verifier.wholeness(of: validation.images)
        let missed = (
            whole: zip(wholeness, validation.labels).count(where: { $0.1 == 1 && $0.0 < 0.5 }),
            broken: zip(wholeness, validation.labels).count(where: { $0.1 == 0 && $0.0 >= 0.5 }))
        print("Validation writers: \(missed.whole) of \(validation.labels.count(where: { $0 == 1 })) whole digits taken for broken, "
            + "\(missed.broken) of \(validation.labels.count(where: { $0 == 0 })) broken ones for whole")
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try WeightFile.write(network, modelID: WholeDigitVerifier.id, to: url)
        print("Wrote \(url.path)")
    }

    /// "N (W whole)" for a list of examples.
    private static func counted(_ examples: [(image: DigitImage, label: Int)]) -> String {
        "\(examples.count) (\(examples.count(where: { $0.label == 1 })) whole)"
    }
}
