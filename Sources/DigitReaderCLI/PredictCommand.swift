import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `digit-reader predict`: reads image files exactly as the server reads uploads.
///
/// Same decoder, same normaliser, same recognizers: when someone reports a misread drawing, the
/// file can be replayed here and `--show` reveals what the model actually saw.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Recognise the digit in PNG or JPEG files.",
        discussion: """
            Each file is decoded, normalised to MNIST's 28x28 convention and read by the chosen \
            model. A file that cannot be read or decoded is reported (with the decoder's reason) \
            and the others are still processed; the exit code is then 1.
            """
    )

    @Argument(help: ArgumentHelp("PNG or JPEG files, each holding one handwritten digit.", valueName: "image"))
    var images: [String]

    @Option(help: "A model id or `ensemble` (default: the ensemble when several models are registered).")
    var model: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Also print the 28x28 image the model was shown, as text art.")
    var show = false

    @Option(help: "Smallest probability that counts as an answer; below it the digit is reported as not identified.")
    var threshold: Float = Prediction.defaultThreshold

    @OptionGroup var models: ModelsOptions

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image file") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must be in 0...1") }
    }

    /// One file's outcome, as printed in JSON: the file, and either the model's answer (the
    /// API's `Prediction`, with `--show` the model input as 28 rows of text art) or why the
    /// file was unusable.
    struct Result: Encodable {
        var file: String
        var prediction: Prediction?
        var input: [String]?
        var error: String?
        var errorCode: String?
    }

    func run() throws {
        GEMM.setThreadCount(1)
        let registry = try models.registry()
        let recognizer = try ModelsOptions.recognizer(model, in: registry)
        let decoder = ImageDecoder()
        let normalizer = DigitNormalizer()
        var results: [Result] = []
        for file in images {
            let result = Self.predict(file: file, recognizer: recognizer, decoder: decoder, normalizer: normalizer, threshold: threshold, show: show)
            if !json {
                // Failures go to standard error so the readings on standard output stay clean.
                if result.error != nil { printError(Self.text(result)) } else { print(Self.text(result)) }
            }
            results.append(result)
        }
        if json {
            let encoder = JSONFormatting.pretty
            print(String(decoding: try encoder.encode(["results": results]), as: UTF8.self))
        }
        let failures = results.filter { $0.error != nil }.count
        if failures > 0 {
            if !json { printError("\(failures) of \(results.count) file\(results.count == 1 ? "" : "s") could not be read") }
            throw ExitCode(1)
        }
    }

    /// Reads, decodes, normalises and recognises one file; never throws, failures become results.
    static func predict(
        file: String, recognizer: any Recognizer, decoder: ImageDecoder, normalizer: DigitNormalizer,
        threshold: Float, show: Bool
    ) -> Result {
        let image: RasterImage
        switch ImageFile.decode(file, with: decoder) {
        case .success(let decoded): image = decoded
        case .failure(let failure): return Result(file: file, error: failure.message, errorCode: failure.code)
        }
        let normalized = normalizer.normalize(image)
        let art = show ? textArt(normalized.digit) : nil
        if normalized.isEmpty {
            return Result(file: file, prediction: .empty(model: recognizer.id), input: art)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let probabilities = recognizer.probabilities(for: normalized.digit)
        let elapsed = (clock.now - start) / .milliseconds(1)
        return Result(
            file: file, prediction: Prediction(model: recognizer.id, probabilities: probabilities, threshold: threshold, elapsedMs: elapsed),
            input: art)
    }

    /// Human-readable lines for one result.
    static func text(_ result: Result) -> String {
        if let error = result.error {
            return "\(result.file): \(error)"
        }
        var lines: [String] = []
        if let prediction = result.prediction {
            if prediction.empty {
                lines.append("\(result.file): empty drawing (no ink worth reading)")
            } else {
                let probabilities = prediction.probabilities
                let verdict = prediction.digit.map { "\($0)" } ?? "could not identify (best guess \(probabilities.argmax))"
                lines.append(String(format: "%@: %@  confidence %.1f%%  model %@", result.file, verdict, prediction.confidence * 100, prediction.model))
                lines.append("  " + probabilities.enumerated().map { String(format: "%d:%5.1f%%", $0, $1 * 100) }.joined(separator: "  "))
            }
        }
        if let input = result.input {
            lines.append("  model input (28x28):")
            lines += input.map { "  |" + $0 + "|" }
        }
        return lines.joined(separator: "\n")
    }

    /// The digit as text, two characters per pixel so it keeps its proportions in a terminal.
    static func textArt(_ digit: DigitImage) -> [String] {
        let ramp = Array(" .:-=+*#%@")
        return (0..<DigitImage.side).map { row in
            String((0..<DigitImage.side).flatMap { column -> [Character] in
                let level = min(max(digit[row, column], 0), 1)
                let character = ramp[min(Int(level * Float(ramp.count)), ramp.count - 1)]
                return [character, character]
            })
        }
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("digit-reader: \(message)\n".utf8))
    }
}
