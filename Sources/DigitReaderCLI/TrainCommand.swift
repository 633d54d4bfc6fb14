import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `digit-reader train`: trains one registered model on MNIST and real handwriting and writes
/// its weights and model card.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on MNIST and real handwriting and write its weights and model card.",
        discussion: """
            Holds out 5,000 of the 60,000 MNIST training digits for validation (the same ones for \
            every model, so the ensemble can be fitted on them). Beside MNIST, the module's recipe \
            mixes in pen digits by writers 1-25 (drawn in a new random canvas style every epoch and \
            normalised as an upload is) and the scanned optdigits `tra` part; pen writers 26-30 and \
            the optdigits `cv` and `wdep` parts are validation only. Without those files it trains \
            on MNIST alone and says so. Keeps the epoch with the best mean validation accuracy, \
            fits the temperature on the MNIST and pen validation digits together, and reports \
            MNIST test accuracy only at the end.
            """
    )

    @Option(help: "Id of the model to train (see `digit-reader evaluate --model all`).")
    var model: String

    @OptionGroup var data: DataOptions
    @OptionGroup var handwriting: HandwritingOptions

    @Option(help: "Renders of each pen training digit per epoch, each in a new random canvas style (default: the model's recipe; 0 leaves them out).")
    var penRenders: Int?
    @Option(help: "Copies of each scanned training digit per epoch (default: the model's recipe; 0 leaves them out).")
    var scanCopies: Int?

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
    @Option(help: "Probability that a pen training digit loses a short piece of one stroke (an open loop or pen lift), 0...1.")
    var strokeGaps: Float?
    @Option(help: "Largest slant given to a pen training digit, as a shear factor, e.g. 0.25.")
    var penSlant: Float?
    @Option(help: "Largest relative change of a pen training digit's width, e.g. 0.15.")
    var penStretch: Float?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let penRenders, penRenders < 0 { throw ValidationError("--pen-renders must be 0 or more") }
        if let scanCopies, scanCopies < 0 { throw ValidationError("--scan-copies must be 0 or more") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let augmentProbability, !(0...1).contains(augmentProbability) { throw ValidationError("--augment-probability must be in 0...1") }
        if let flaggedOnes, !(0...1).contains(flaggedOnes) { throw ValidationError("--flagged-ones must be in 0...1") }
        if let hookedNines, !(0...1).contains(hookedNines) { throw ValidationError("--hooked-nines must be in 0...1") }
        if let canvasRedraw, !(0...1).contains(canvasRedraw) { throw ValidationError("--canvas-redraw must be in 0...1") }
        if let strokeGaps, !(0...1).contains(strokeGaps) { throw ValidationError("--stroke-gaps must be in 0...1") }
        if let penSlant, !(0...1).contains(penSlant) { throw ValidationError("--pen-slant must be in 0...1") }
        if let penStretch, !(0...0.5).contains(penStretch) { throw ValidationError("--pen-stretch must be in 0...0.5") }
    }

    func run() throws {
        let module = try ModelsOptions.module(model)
        var recipe = effectiveRecipe(try ModelsOptions.recipe(for: module))
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

        let handwriting = try loadHandwriting(mix: &recipe.mix)
        let trainingSet = TrainingSet(mnist: training, pen: handwriting.pen, scans: handwriting.scans, mix: recipe.mix)
        var validationSets = [ValidationSet(validation)]
        if !handwriting.penValidation.isEmpty { validationSets.append(.penWriters(handwriting.penValidation)) }
        if !handwriting.scanValidation.isEmpty { validationSets.append(.scans(handwriting.scanValidation)) }
        let sources = try handwriting.sources(trainingSet)

        let untrained = module.untrainedNetwork(seed: seed)
        print("Training \(module.id) (\(untrained.parameterCount) parameters) on \(trainingSet.countPerEpoch) digits per epoch: "
            + "\(training.count) MNIST, \(trainingSet.pen.count) pen x \(recipe.mix.penRenders), \(trainingSet.scans.count) scanned x \(recipe.mix.scanCopies)")
        print("Validating on " + validationSets.map { "\($0.name) (\($0.count))" }.joined(separator: ", "))
        print("Recipe: \(recipe.epochs) epochs, batch \(recipe.batchSize), \(recipe.optimizer.rawValue) lr \(recipe.learningRate), seed \(seed); BLAS kernels: \(BLASKernel.coreName)")
        let line = ProgressLine()
        let started = Date()
        let trainer = Trainer(recipe: recipe, seed: seed)
        let network = trainer.train(untrained, on: trainingSet, validation: validationSets) { p in
            let status = "epoch \(p.epoch)/\(p.epochs) \(ProgressLine.bar(Double(p.batch) / Double(p.batches))) \(p.batch)/\(p.batches)"
                + String(format: "  loss %.4f  acc %@  %.0f img/s  ETA %@", p.loss, ProgressLine.percent(Double(p.accuracy)), p.imagesPerSecond, ProgressLine.duration(p.secondsRemaining))
            if !p.validation.isEmpty {
                let figures = p.validation.sorted { $0.key < $1.key }.map { "\($0.key) \(ProgressLine.percent($0.value))" }.joined(separator: ", ")
                line.finish(status + "  validation: " + figures + (p.isBestEpoch ? "  (best so far)" : ""))
            } else {
                line.update(status)
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let recognizer = NetworkRecognizer(id: module.id, name: module.name, summary: module.summary, network: network, card: nil)
        var figures: [String: Double] = [:]
        for set in validationSets { figures[set.name] = set.accuracy(of: recognizer) }
        let testAccuracy = MNISTEvaluation(recognizer: recognizer, dataset: testSet).accuracy
        print("Trained in \(ProgressLine.duration(seconds)); kept the best epoch: "
            + figures.sorted { $0.key < $1.key }.map { "\($0.key) \(ProgressLine.percent($0.value))" }.joined(separator: ", ")
            + "; MNIST test \(ProgressLine.percent(testAccuracy))")
        let calibrationSet = ValidationSet.calibration(from: validationSets)
        let calibration = recognizer.fittedTemperature(on: calibrationSet)
        print(String(
            format: "Calibrated on %d validation digits (MNIST and pen): temperature %.3f (log-loss %.4f -> %.4f)",
            calibrationSet.count, calibration.temperature, calibration.lossBefore, calibration.lossAfter))
        if dryRun {
            print("Dry run: nothing written.")
            return
        }
        let card = ModelCard(
            id: module.id, name: module.name, architecture: network.architecture, parameters: network.parameterCount,
            recipe: recipe, seed: seed, trainingSeconds: seconds.rounded(),
            accuracy: ["mnist": testAccuracy], validationAccuracy: figures[ValidationSet.mnistName] ?? 0,
            mnistSHA256: full.fileDigests.merging(test.fileDigests) { first, _ in first },
            trainedAt: ISO8601DateFormatter().string(from: Date()), temperature: calibration.temperature,
            dataSources: sources, validation: figures)
        try FileManager.default.createDirectory(at: outURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try WeightFile.write(network, modelID: module.id, to: outURL)
        try ModelCardFile.write(card, to: cardURL)
        print("Wrote \(outURL.path) and \(cardURL.path)")
    }

    /// The real handwriting a run uses, split into what is trained on and what validates.
    private struct Handwriting {
        var pen: [PenDigit] = []
        var penValidation: [PenDigit] = []
        var penURL: URL?
        var scans: [OptDigit] = []
        var scanValidation: [OptDigit] = []
        var scanURL: URL?

        /// The card's record of the files trained on.
        func sources(_ set: TrainingSet) throws -> [DataSource] {
            var sources: [DataSource] = []
            if let penURL, !set.pen.isEmpty {
                let writers = HandwritingSplit.penTrainingWriters
                sources.append(try DataSource(name: "pendigits writers \(writers.lowerBound)-\(writers.upperBound)", url: penURL, digits: set.pen.count))
            }
            if let scanURL, !set.scans.isEmpty {
                sources.append(try DataSource(name: "optdigits tra", url: scanURL, digits: set.scans.count))
            }
            return sources
        }
    }

    /// Loads the handwriting files; a missing one is left out of `mix` with a line saying so.
    /// The validation digits are loaded whenever the files are there, whatever the mix.
    private func loadHandwriting(mix: inout TrainingMix) throws -> Handwriting {
        var result = Handwriting()
        if let pen = try handwriting.pen.digits(required: false) {
            result.pen = HandwritingSplit.training(pen)
            result.penValidation = HandwritingSplit.validation(pen)
            result.penURL = URL(fileURLWithPath: handwriting.pen.file)
        } else if mix.penRenders > 0 {
            print("No pen digits at \(handwriting.pen.file): training without them (--pendigits FILE or $DIGIT_READER_PENDIGITS)")
            mix.penRenders = 0
        }
        if let scans = try handwriting.scanDigits(required: false) {
            result.scans = HandwritingSplit.training(scans)
            result.scanValidation = HandwritingSplit.validation(scans)
            result.scanURL = URL(fileURLWithPath: handwriting.scanFile)
        } else if mix.scanCopies > 0 {
            print("No scanned digits at \(handwriting.scanFile): training without them (--optdigits FILE or $DIGIT_READER_OPTDIGITS)")
            mix.scanCopies = 0
        }
        if !mix.usesHandwriting { print("Training on MNIST alone.") }
        if dryRun {
            result.pen = Array(result.pen.prefix(256))
            result.penValidation = Array(result.penValidation.prefix(64))
            result.scans = Array(result.scans.prefix(128))
            result.scanValidation = Array(result.scanValidation.prefix(64))
        }
        return result
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
        if let strokeGaps { recipe.augmentation.strokeGaps = strokeGaps }
        if let penSlant { recipe.augmentation.penSlant = penSlant }
        if let penStretch { recipe.augmentation.penStretch = penStretch }
        if let penRenders { recipe.mix.penRenders = penRenders }
        if let scanCopies { recipe.mix.scanCopies = scanCopies }
        return recipe
    }
}
