import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `digit-reader evaluate`: accuracy, per-class accuracy and confusion matrix on the MNIST test digits.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure models on the 10,000 MNIST test digits."
    )

    @Option(help: "A model id, `ensemble`, or `all`.")
    var model = "all"

    @OptionGroup var data: DataOptions
    @OptionGroup var models: ModelsOptions

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    struct Result: Encodable {
        let model: String
        let accuracy: Double
        let correct: Int
        let count: Int
        let perClass: [Double]
        let confusion: [[Int]]
    }

    func run() throws {
        let registry = try models.registry()
        let chosen = try model == "all" ? registry.recognizers : [registry.recognizer(id: model)]
        let test = try data.load(.test)
        let line = ProgressLine()
        var results: [Result] = []
        for recognizer in chosen {
            let started = Date()
            let evaluation = MNISTEvaluation(recognizer: recognizer, dataset: test) { done in
                if !json { line.update("\(recognizer.id): \(done)/\(test.count)") }
            }
            results.append(Result(
                model: recognizer.id, accuracy: evaluation.accuracy, correct: evaluation.correct, count: evaluation.count,
                perClass: evaluation.perClassAccuracy, confusion: evaluation.confusion))
            if !json {
                line.finish(String(format: "%@  MNIST test accuracy %@ (%d/%d) in %.1f s", recognizer.id, ProgressLine.percent(evaluation.accuracy), evaluation.correct, evaluation.count, Date().timeIntervalSince(started)))
                print(Self.table(evaluation))
            }
        }
        if json {
            let encoder = JSONFormatting.pretty
            print(String(decoding: try encoder.encode(["results": results]), as: UTF8.self))
        }
    }

    /// Per-class accuracy and the confusion matrix as aligned text.
    static func table(_ evaluation: MNISTEvaluation) -> String {
        var lines = ["  per class: " + evaluation.perClassAccuracy.enumerated().map { "\($0) \(ProgressLine.percent($1, digits: 1))" }.joined(separator: "  ")]
        lines.append("  confusion (rows: true digit, columns: predicted)")
        lines.append("       " + (0..<DigitClass.count).map { String(format: "%5d", $0) }.joined())
        for (label, row) in evaluation.confusion.enumerated() {
            lines.append(String(format: "  %3d  ", label) + row.map { String(format: "%5d", $0) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
