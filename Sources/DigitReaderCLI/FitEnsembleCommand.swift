import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import DigitReaderModules
import Foundation

/// `digit-reader fit-ensemble`: fits the ensemble on the validation digits and writes it only
/// when it beats every member.
struct FitEnsembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-ensemble",
        abstract: "Fit the ensemble on the validation digits; write it only if it beats its best member.",
        discussion: """
            The validation digits are the 5,000 MNIST training digits that `train` holds out and \
            the pen digits of writers 26-30 drawn in the four standard canvas styles. The weights \
            of a weighted geometric mean are fitted on both together (minimum log-loss); the \
            ensemble is then the weighted or the plain mean, whichever reads them better. It must \
            read each set better than its best member there, or nothing is written and the \
            command fails.
            """
    )

    @OptionGroup var data: DataOptions
    @OptionGroup var models: ModelsOptions
    @OptionGroup var pen: PenDigitsOptions

    @Option(help: ArgumentHelp("Where to write the settings (default: models/ensemble.json).", valueName: "file"))
    var out = "models/ensemble.json"

    func run() throws {
        GEMM.setThreadCount(1)
        let members = try models.members()
        let ids = members.map(\.id)
        guard let pen = try self.pen.digits(required: true) else {
            throw ValidationError("the ensemble is fitted on the pen validation writers too: pass --pendigits FILE")
        }
        let validationSets = [
            ValidationSet(try data.load(.train).split(validationCount: 5000).validation),
            ValidationSet.penWriters(pen),
        ]
        var answered: [EnsembleFitter.ValidationSetAnswers] = []
        for set in validationSets {
            print("Scoring \(set.name) (\(set.count) digits) with \(ids.joined(separator: ", "))")
            answered.append(EnsembleFitter.ValidationSetAnswers(
                name: set.name, labels: set.labels,
                answers: Dictionary(uniqueKeysWithValues: members.map { ($0.id, set.answers(of: $0)) })))
        }
        var settings = EnsembleFitter.fit(members: ids, sets: answered)
        for id in ids {
            print(String(format: "  weight %@ %.3f", id, settings.weights[id] ?? 0))
        }
        print("Chosen: \(settings.method.rawValue) (reads the validation sets best on average)")
        var table = TextTable(["validation set"] + ids + [EnsembleRecognizer.reservedID])
        for set in validationSets {
            let figures = settings.validation[set.name] ?? [:]
            table.append([set.name] + (ids + [EnsembleRecognizer.reservedID]).map { ProgressLine.percent(figures[$0] ?? 0) })
        }
        print(table.render())
        do {
            try EnsembleFitter.check(settings)
        } catch {
            throw ValidationError("not written: \(error.description)")
        }

        let ensemble = EnsembleRecognizer(members: members, settings: settings)
        settings.accuracy[ValidationSet.mnistName] = MNISTEvaluation(recognizer: ensemble, dataset: try data.load(.test)).accuracy
        print("MNIST test: \(ProgressLine.percent(settings.accuracy[ValidationSet.mnistName] ?? 0))")
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONFormatting.pretty.encode(settings).write(to: url, options: .atomic)
        print("Wrote \(url.path)")
    }
}
