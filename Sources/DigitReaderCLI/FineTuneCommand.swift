import ArgumentParser
import DigitReaderCore
import DigitReaderStorage
import DigitReaderTraining
import Foundation
import Logging

/// `digit-reader fine-tune`: teaches a model from the stored corrections, starting from its
/// current weights, and writes new weights only when it has not forgotten MNIST.
struct FineTuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fine-tune",
        abstract: "Teach a model from the corrections people sent, without letting it forget MNIST.",
        discussion: """
            Reads every single-digit correction from the data folder or PostgreSQL URL, holds back \
            a fifth (every fifth by id) to measure on, and trains the model from its current \
            weights on the rest (--copies each per epoch) mixed with MNIST training digits and the \
            pen training writers' digits. Reports accuracy before and after on the MNIST test set, \
            the pen validation writers and the held-back corrections, and writes <id>.weights and \
            <id>.card.json to --out only when MNIST test accuracy fell by at most 0.1 point; \
            otherwise says why and writes nothing. Load the result with `serve --models-dir`.
            """
    )

    @Option(help: "Id of the model to fine-tune.")
    var model: String

    @Option(help: ArgumentHelp("The corrections: a data folder (SQLite, as `serve --data-dir`) or a postgres:// URL.", valueName: "dir|url"))
    var feedback: String

    @Option(help: ArgumentHelp("Folder to write the new <id>.weights and <id>.card.json to.", valueName: "dir"))
    var out: String

    @OptionGroup var models: ModelsOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var pen: PenDigitsOptions

    @Option(help: "Epochs of fine-tuning.")
    var epochs = 1

    @Option(help: "Copies of each training correction per epoch.")
    var copies = 20

    @Option(help: "MNIST training digits mixed in per epoch (the first N of the training split).")
    var mnistDigits = 10_000

    @Option(help: "Peak learning rate (default: a tenth of the model's recipe).")
    var learningRate: Float?

    @Option(help: "Seed for shuffling, dropout and augmentation.")
    var seed: UInt64 = 1

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard copies >= 1 else { throw ValidationError("--copies must be at least 1") }
        guard mnistDigits >= 0 else { throw ValidationError("--mnist-digits must be 0 or more") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
    }

    func run() async throws {
        let module = try ModelsOptions.module(model)
        let baseRecipe = try ModelsOptions.recipe(for: module)
        let current: NetworkRecognizer
        do {
            current = try module.load(from: models.directory)
        } catch {
            throw ValidationError(error.description)
        }

        let corrections = try await Self.corrections(from: feedback)
        let (trainingCorrections, heldBack) = FineTuning.split(corrections)
        guard !trainingCorrections.isEmpty, !heldBack.isEmpty else {
            throw ValidationError("\(corrections.count) single-digit corrections are stored; fine-tuning needs at least 5 (a fifth is held back to measure on)")
        }

        print("Loading MNIST from \(data.directory.path)")
        let (trainingSplit, _) = try data.load(.train).split(validationCount: 5000)
        let mnist = trainingSplit.subset(Array(0..<min(mnistDigits, trainingSplit.count)))
        let test = try data.load(.test)
        let pen = try self.pen.digits(required: false) ?? []
        var recipe = FineTuning.recipe(from: baseRecipe, epochs: epochs, learningRate: learningRate ?? baseRecipe.learningRate / 10)
        if pen.isEmpty { recipe.mix.penRenders = 0 }
        let trainingSet = TrainingSet(
            mnist: mnist, pen: pen, mix: TrainingMix(penRenders: recipe.mix.penRenders, scanCopies: 0),
            corrections: trainingCorrections.map { ($0.image, $0.label) }, correctionCopies: copies)

        var sets = [ValidationSet(name: "mnist-test", test), ValidationSet(name: "held-back-corrections", images: heldBack.map(\.image), labels: heldBack.map(\.label))]
        let penValidation = HandwritingSplit.validation(pen)
        if !penValidation.isEmpty { sets.insert(.penWriters(penValidation), at: 1) }
        let before = Dictionary(uniqueKeysWithValues: sets.map { ($0.name, $0.accuracy(of: current)) })

        print("Fine-tuning \(module.id) on \(trainingSet.countPerEpoch) digits per epoch: \(mnist.count) MNIST, "
            + "\(trainingSet.pen.count) pen x \(recipe.mix.penRenders), \(trainingCorrections.count) corrections x \(copies); "
            + "\(heldBack.count) corrections held back; \(recipe.epochs) epoch(s), learning rate \(String(format: "%g", recipe.learningRate))")
        let line = ProgressLine()
        let started = Date()
        let network = Trainer(recipe: recipe, seed: seed).train(current.network, on: trainingSet, validation: []) { p in
            line.update("epoch \(p.epoch)/\(p.epochs) \(ProgressLine.bar(Double(p.batch) / Double(p.batches))) \(p.batch)/\(p.batches)  ETA \(ProgressLine.duration(p.secondsRemaining))")
        }
        line.finish("trained in \(ProgressLine.duration(Date().timeIntervalSince(started)))")
        let tuned = NetworkRecognizer(id: module.id, name: module.name, summary: module.summary, network: network, card: current.card)
        let after = Dictionary(uniqueKeysWithValues: sets.map { ($0.name, $0.accuracy(of: tuned)) })

        var table = TextTable(["set", "digits", "before", "after"])
        for set in sets {
            table.append([set.name, String(set.count), ProgressLine.percent(before[set.name] ?? 0), ProgressLine.percent(after[set.name] ?? 0)])
        }
        print(table.render())

        if let refusal = FineTuning.refusal(mnistBefore: before["mnist-test"] ?? 0, mnistAfter: after["mnist-test"] ?? 0) {
            print("Not written: \(refusal).")
            throw ExitCode.failure
        }
        let outURL = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
        let weightsURL = outURL.appendingPathComponent("\(module.id).weights")
        try WeightFile.write(network, modelID: module.id, to: weightsURL)
        if var card = current.card {
            card.accuracy["mnist"] = after["mnist-test"]
            card.trainedAt = ISO8601DateFormatter().string(from: Date())
            card.validation = (card.validation ?? [:]).merging(after.filter { $0.key != "mnist-test" }) { _, new in new }
            try ModelCardFile.write(card, to: outURL.appendingPathComponent("\(module.id).card.json"))
        }
        print("Wrote \(weightsURL.path); serve it with --models-dir \(outURL.path), or reload a running server")
    }

    /// The stored single-digit corrections, decoded.
    static func corrections(from location: String) async throws -> [FineTuning.Correction] {
        let store: any FeedbackStore
        do {
            let isURL = location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
            var logger = Logger(label: "digit-reader")
            logger.logLevel = .warning
            store = try await FeedbackStoreLocation(dataDirectory: isURL ? nil : location, database: isURL ? location : nil).open(logger: logger)
        } catch {
            throw ValidationError(error.description)
        }
        let records: [FeedbackRecord]
        do {
            records = try await store.all()
        } catch {
            await store.close()
            throw ValidationError(error.description)
        }
        await store.close()
        var corrections: [FineTuning.Correction] = []
        for record in records {
            guard record.label.count == 1, let label = Int(record.label) else { continue }
            let picture: RasterImage
            do {
                picture = try ImageDecoder().decode(Array(record.inputPNG))
            } catch {
                throw ValidationError("correction \(record.id.uuidString.lowercased()) has an unreadable input: \(error.description)")
            }
            guard picture.width == DigitImage.side, picture.height == DigitImage.side else { continue }
            // The stored input is grey: the red channel of each RGBA pixel is its value.
            let grey = stride(from: 0, to: picture.pixels.count, by: 4).map { picture.pixels[$0] }
            corrections.append(FineTuning.Correction(id: record.id.uuidString.lowercased(), image: DigitImage(bytes: grey), label: label))
        }
        return corrections
    }
}
