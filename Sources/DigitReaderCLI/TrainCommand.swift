import ArgumentParser
import DigitReaderCore
import Foundation

/// `digit-reader train`: trains one registered model on MNIST and writes its weights and model card.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on MNIST and write its weights and model card.",
        discussion: """
            Holds out 5,000 of the 60,000 training digits for validation (the same ones for every \
            model, so the ensemble can be fitted on them), trains with the module's recipe unless \
            options override it, and reports MNIST test accuracy only at the end.
            """
    )

    @Option(help: "Id of the model to train (see `digit-reader evaluate --model all`).")
    var model: String

    @OptionGroup var data: DataOptions

    @Option(help: "Number of epochs (default: the model's recipe).")
    var epochs: Int?

    @Option(help: "Seed for initial weights, shuffling, dropout and augmentation.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Weights file to write; the model card goes beside it (default: models/<id>.weights).", valueName: "file"))
    var out: String?

    @Option(help: "Train on only the first N training digits (quick experiments).")
    var limit: Int?

    @Flag(help: "Train one epoch on 512 digits and write nothing: checks the whole path in seconds.")
    var dryRun = false

    @Option(help: "Peak learning rate (default: the model's recipe).")
    var learningRate: Float?

    @Option(help: "Batch size (default: the model's recipe).")
    var batchSize: Int?

    @Option(help: "Fraction of digits to vary with the options below, 0...1.")
    var augmentProbability: Float?
    @Option(help: "Largest random rotation in degrees.")
    var rotation: Float?
    @Option(help: "Largest random relative change of size, e.g. 0.1.")
    var scale: Float?
    @Option(help: "Largest random shear factor, e.g. 0.2.")
    var shear: Float?
    @Option(help: "Largest random shift in pixels.")
    var shift: Float?
    @Option(help: "Strength of random elastic distortion in pixels (0 is off).")
    var elastic: Float?
    @Option(help: "Probability of thickening or thinning strokes by about a pixel.")
    var strokeWidth: Float?
    @Option(help: "Probability that a \"1\" gets the up-stroke flag many writers draw, 0...1.")
    var flaggedOnes: Float?
    @Option(help: "Probability that a \"9\" gets a tail hooked to the left, 0...1.")
    var hookedNines: Float?
    @Option(help: "Probability that a digit is redrawn on a smooth canvas and normalised again, 0...1.")
    var canvasRedraw: Float?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let augmentProbability, !(0...1).contains(augmentProbability) { throw ValidationError("--augment-probability must be in 0...1") }
        if let flaggedOnes, !(0...1).contains(flaggedOnes) { throw ValidationError("--flagged-ones must be in 0...1") }
        if let hookedNines, !(0...1).contains(hookedNines) { throw ValidationError("--hooked-nines must be in 0...1") }
        if let canvasRedraw, !(0...1).contains(canvasRedraw) { throw ValidationError("--canvas-redraw must be in 0...1") }
    }

    func run() throws {
        let module = try ModelsOptions.module(model)
        let recipe = effectiveRecipe(module.recipe)
        let outURL = URL(fileURLWithPath: out ?? "models/\(module.id).weights")
        let cardURL = outURL.deletingPathExtension().appendingPathExtension("card.json")

        print("Loading MNIST from \(data.directory.path)")
        let full = try data.load(.train)
        let test = try data.load(.test)
        var (training, validation) = full.split(validationCount: 5000)
        var testSet = test
        if dryRun {
            training = training.subset(Array(0..<512))
            validation = validation.subset(Array(0..<256))
            testSet = test.subset(Array(0..<500))
        } else if let limit {
            training = training.subset(Array(0..<min(limit, training.count)))
        }

        let untrained = module.untrainedNetwork(seed: seed)
        print("Training \(module.id) (\(untrained.parameterCount) parameters) on \(training.count) digits, validating on \(validation.count)")
        print("Recipe: \(recipe.epochs) epochs, batch \(recipe.batchSize), \(recipe.optimizer.rawValue) lr \(recipe.learningRate), seed \(seed); BLAS kernels: \(BLASKernel.coreName)")
        let line = ProgressLine()
        let started = Date()
        let trainer = Trainer(recipe: recipe, seed: seed)
        let network = trainer.train(untrained, on: training, validation: validation) { p in
            let status = "epoch \(p.epoch)/\(p.epochs) \(ProgressLine.bar(Double(p.batch) / Double(p.batches))) \(p.batch)/\(p.batches)"
                + String(format: "  loss %.4f  acc %@  %.0f img/s  ETA %@", p.loss, ProgressLine.percent(Double(p.accuracy)), p.imagesPerSecond, ProgressLine.duration(p.secondsRemaining))
            if let validationAccuracy = p.validationAccuracy {
                line.finish(status + "  validation \(ProgressLine.percent(validationAccuracy))")
            } else {
                line.update(status)
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let recognizer = NetworkRecognizer(id: module.id, name: module.name, summary: module.summary, network: network, card: nil)
        let validationAccuracy = Evaluation(recognizer: recognizer, dataset: validation).accuracy
        let testAccuracy = Evaluation(recognizer: recognizer, dataset: testSet).accuracy
        print("Trained in \(ProgressLine.duration(seconds)): validation \(ProgressLine.percent(validationAccuracy)), MNIST test \(ProgressLine.percent(testAccuracy))")
        let calibration = recognizer.fittedTemperature(on: validation)
        print(String(
            format: "Calibrated on the validation split: temperature %.3f (log-loss %.4f -> %.4f)",
            calibration.temperature, calibration.lossBefore, calibration.lossAfter))
        if dryRun {
            print("Dry run: nothing written.")
            return
        }
        let card = ModelCard(
            id: module.id, name: module.name, architecture: network.architecture, parameters: network.parameterCount,
            recipe: recipe, seed: seed, trainingSeconds: seconds.rounded(),
            accuracy: ["mnist": testAccuracy], validationAccuracy: validationAccuracy,
            mnistSHA256: full.fileDigests.merging(test.fileDigests) { first, _ in first },
            trainedAt: ISO8601DateFormatter().string(from: Date()), temperature: calibration.temperature)
        try FileManager.default.createDirectory(at: outURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try WeightFile.write(network, modelID: module.id, to: outURL)
        try ModelCardFile.write(card, to: cardURL)
        print("Wrote \(outURL.path) and \(cardURL.path)")
    }

    private func effectiveRecipe(_ base: TrainingRecipe) -> TrainingRecipe {
        var recipe = base
        if dryRun { recipe.epochs = 1 }
        if let epochs { recipe.epochs = epochs }
        if let learningRate { recipe.learningRate = learningRate }
        if let batchSize { recipe.batchSize = batchSize }
        if let augmentProbability { recipe.augmentation.probability = augmentProbability }
        if let rotation { recipe.augmentation.rotationDegrees = rotation }
        if let scale { recipe.augmentation.scale = scale }
        if let shear { recipe.augmentation.shear = shear }
        if let shift { recipe.augmentation.translation = shift }
        if let elastic { recipe.augmentation.elasticAlpha = elastic }
        if let strokeWidth { recipe.augmentation.strokeWidth = strokeWidth }
        if let flaggedOnes { recipe.augmentation.flaggedOnes = flaggedOnes }
        if let hookedNines { recipe.augmentation.hookedNines = hookedNines }
        if let canvasRedraw { recipe.augmentation.canvasRedraw = canvasRedraw }
        return recipe
    }
}
