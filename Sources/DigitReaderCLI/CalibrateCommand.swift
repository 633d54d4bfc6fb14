import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `digit-reader calibrate`: fits a trained model's temperature and records it in its card.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a trained model's confidence temperature on the validation digits and record it in its card.",
        discussion: """
            The logits are divided by the temperature that minimises the log-loss on the \
            validation digits (the 5,000 held-out MNIST digits and the pen validation writers \
            26-30 in the four standard canvas styles, as `train` does), so that a confidence of 0.9 is right about nine times in \
            ten and the "could not identify" threshold means what it says. The digit each model \
            picks never changes. `train` calibrates what it trains; this command does it for \
            weights trained before.
            """
    )

    @Option(help: "Id of the model to calibrate.")
    var model: String

    @OptionGroup var data: DataOptions
    @OptionGroup var pen: PenDigitsOptions

    @Option(help: ArgumentHelp("Folder holding the <id>.weights and <id>.card.json to update.", valueName: "dir"))
    var modelsDir: String

    func run() throws {
        let module = try ModelsOptions.module(model)
        let directory = URL(fileURLWithPath: modelsDir)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(module.id).weights").path) else {
            throw ValidationError("no \(module.id).weights in \(modelsDir)")
        }
        let recognizer: NetworkRecognizer
        do {
            recognizer = try module.load(from: directory)
        } catch {
            throw ValidationError(error.description)
        }
        guard var card = recognizer.card else {
            throw ValidationError("no \(module.id).card.json in \(modelsDir); `digit-reader train` writes one beside the weights")
        }
        print("Loading the validation digits from \(data.directory.path) and \(pen.file)")
        var sets = [ValidationSet(try data.load(.train).split(validationCount: 5000).validation)]
        if let pen = try self.pen.digits(required: false) {
            sets.append(.penWriters(pen))
        } else {
            print("No pen digits: calibrating on MNIST alone")
        }
        let calibration = recognizer.fittedTemperature(on: .calibration(from: sets))
        card.temperature = calibration.temperature
        let cardURL = directory.appendingPathComponent("\(module.id).card.json")
        try ModelCardFile.write(card, to: cardURL)
        print(String(
            format: "%@: temperature %.3f (validation log-loss %.4f -> %.4f); wrote %@",
            module.id, calibration.temperature, calibration.lossBefore, calibration.lossAfter, cardURL.path))
    }
}
