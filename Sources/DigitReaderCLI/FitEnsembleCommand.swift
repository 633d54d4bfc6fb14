import ArgumentParser
import DigitReaderCore
import DigitReaderModules
import Foundation

/// `digit-reader fit-ensemble`: fits the ensemble's weights on the validation split.
struct FitEnsembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-ensemble",
        abstract: "Fit the ensemble's member weights on the validation split and choose how it combines them.",
        discussion: """
            The validation split is the 5,000 training digits that `train` holds out for every \
            model. The ensemble uses whichever reads them best: the weighted geometric mean, the \
            plain mean, or the best model alone (ties go to the simpler).
            """
    )

    @OptionGroup var data: DataOptions
    @OptionGroup var models: ModelsOptions

    @Option(help: ArgumentHelp("Where to write the settings (default: models/ensemble.json).", valueName: "file"))
    var out = "models/ensemble.json"

    func run() throws {
        let registry = try models.registry()
        let members = registry.recognizers.filter { $0.id != "ensemble" }
        let validation = try data.load(.train).split(validationCount: 5000).validation
        let test = try data.load(.test)
        var predictions: [String: [[Float]]] = [:]
        for member in members {
            print("Scoring the validation split with \(member.id)")
            predictions[member.id] = (0..<validation.count).chunked(500).flatMap { member.probabilities(for: $0.map(validation.image)) }
        }
        var settings = EnsembleFitter.fit(predictions: predictions, labels: validation.labels)
        for (id, weight) in settings.weights.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  weight %@ %.3f", id, weight))
        }
        if let best = settings.bestMember { print("  best model alone: \(best)") }
        for method in [EnsembleSettings.Method.best, .mean, .weighted] {
            var candidate = settings
            candidate.method = method
            let accuracy = Evaluation(recognizer: EnsembleRecognizer(members: members, settings: candidate), dataset: test).accuracy
            print("  \(method.rawValue): validation \(ProgressLine.percent(settings.validationAccuracy[method.rawValue] ?? 0)), MNIST test \(ProgressLine.percent(accuracy))")
            if method == settings.method { settings.accuracy = ["mnist": accuracy] }
        }
        print("Chosen: \(settings.method.rawValue) (best on validation)")
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(settings).write(to: url, options: .atomic)
        print("Wrote \(url.path)")
    }
}

extension Range where Bound == Int {
    /// Consecutive sub-ranges of at most `size` elements.
    func chunked(_ size: Int) -> [Range<Int>] {
        stride(from: lowerBound, to: upperBound, by: size).map { $0..<Swift.min($0 + size, upperBound) }
    }
}
