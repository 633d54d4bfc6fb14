import ArgumentParser
import DigitReaderCore
import Foundation

/// `digit-reader read`: reads whole numbers in image files exactly as `POST /api/read` does.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read the whole number (up to 16 digits) in PNG or JPEG files.",
        discussion: """
            Each file is decoded, split into digits left to right (touching digits are cut where \
            the model reads the halves best) and each digit read by the chosen model. A digit \
            under --threshold prints as '?'. A file that cannot be read or decoded is reported \
            and the others are still processed; the exit code is then 1.
            """
    )

    @Argument(help: ArgumentHelp("PNG or JPEG files, each holding a handwritten number.", valueName: "image"))
    var images: [String]

    @Option(help: "A model id or `ensemble` (default: the ensemble when several models are registered).")
    var model: String?

    @Flag(help: "Print JSON (the API's answer per file) instead of text.")
    var json = false

    @Option(help: "Smallest probability that counts as a digit; below it the digit is '?'.")
    var threshold: Float = Prediction.defaultThreshold

    @OptionGroup var models: ModelsOptions

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image file") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must be in 0...1") }
    }

    /// One file's outcome: the API's answer, or why the file was unusable.
    struct Result: Encodable {
        var file: String
        var reading: NumberAnswer?
        var error: String?
        var errorCode: String?
    }

    func run() throws {
        GEMM.setThreadCount(1)
        let registry = try models.registry()
        let recognizer = try ModelsOptions.recognizer(model, in: registry)
        let decoder = ImageDecoder()
        var reader = NumberReader()
        reader.verifier = try models.wholeDigitVerifier()
        var results: [Result] = []
        for file in images {
            var result = Result(file: file)
            switch ImageFile.decode(file, with: decoder) {
            case .failure(let failure):
                (result.error, result.errorCode) = (failure.message, failure.code)
            case .success(let image):
                let clock = ContinuousClock()
                let start = clock.now
                do {
                    let reading = try reader.read(image, with: recognizer)
                    let elapsed = (clock.now - start) / .milliseconds(1)
                    result.reading = NumberAnswer(model: recognizer.id, reading: reading, threshold: threshold, elapsedMs: elapsed)
                } catch {
                    (result.error, result.errorCode) = (error.description, "too_many_digits")
                }
            }
            if !json {
                if let error = result.error {
                    FileHandle.standardError.write(Data("digit-reader: \(file): \(error)\n".utf8))
                } else if let reading = result.reading {
                    print(Self.text(file: file, reading))
                }
            }
            results.append(result)
        }
        if json {
            print(String(decoding: try JSONFormatting.pretty.encode(["results": results]), as: UTF8.self))
        }
        let failures = results.filter { $0.error != nil }.count
        if failures > 0 {
            if !json { FileHandle.standardError.write(Data("digit-reader: \(failures) of \(results.count) files could not be read\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// One line for the number, then one per digit with its confidence and box.
    static func text(file: String, _ reading: NumberAnswer) -> String {
        guard !reading.empty else { return "\(file): empty (no ink worth reading)" }
        var lines = ["\(file): \(reading.text)  model \(reading.model)"]
        for (index, digit) in reading.digits.enumerated() {
            let name = digit.digit.map(String.init) ?? "? (best guess \(digit.probabilities.argmax))"
            lines.append(String(
                format: "  %d: %@  confidence %.1f%%  box x %.0f y %.0f, %.0f x %.0f", index + 1, name, digit.confidence * 100,
                digit.box.x, digit.box.y, digit.box.width, digit.box.height))
        }
        return lines.joined(separator: "\n")
    }
}
