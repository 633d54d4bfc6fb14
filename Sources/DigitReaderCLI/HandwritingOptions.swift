import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

/// Where the real handwriting is: the pen digits and the scanned digits, each from an option,
/// else an environment variable, else the shared data sets beside the repository.
struct HandwritingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Pen digits JSON Lines file (default: $DIGIT_READER_PENDIGITS, else ../shared/datasets/pendigits-dev/pendigits-dev.jsonl); `none` goes without.", valueName: "file"))
    var pendigits: String?
    @Option(help: ArgumentHelp("Scanned digits JSON Lines file (default: $DIGIT_READER_OPTDIGITS, else ../shared/datasets/optdigits-dev/optdigits-dev.jsonl); `none` goes without.", valueName: "file"))
    var optdigits: String?

    var penFile: String {
        pendigits ?? Self.environment("DIGIT_READER_PENDIGITS", folder: "pendigits-dev", file: "pendigits-dev.jsonl")
    }

    var scanFile: String {
        optdigits ?? Self.environment("DIGIT_READER_OPTDIGITS", folder: "optdigits-dev", file: "optdigits-dev.jsonl")
    }

    /// `$variable`, which may name the file or the folder holding it, else the shared copy.
    private static func environment(_ variable: String, folder: String, file: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
            return "../shared/datasets/\(folder)/\(file)"
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: value, isDirectory: &isFolder), isFolder.boolValue {
            return URL(fileURLWithPath: value).appendingPathComponent(file).path
        }
        return value
    }

    /// The pen digits, or nil when the file is `none` or, with `required` false, missing.
    func penDigits(required: Bool) throws -> [PenDigit]? {
        try load(penFile, what: "pen digits", option: "--pendigits", variable: "DIGIT_READER_PENDIGITS", required: required) {
            try PenDigitsDataset(contentsOf: $0).digits
        }
    }

    /// The scanned digits, or nil when the file is `none` or, with `required` false, missing.
    func scanDigits(required: Bool) throws -> [OptDigit]? {
        try load(scanFile, what: "scanned digits", option: "--optdigits", variable: "DIGIT_READER_OPTDIGITS", required: required) {
            try OptDigitsDataset(contentsOf: $0).digits
        }
    }

    private func load<T>(
        _ file: String, what: String, option: String, variable: String, required: Bool, _ body: (URL) throws -> T
    ) throws -> T? {
        guard file != "none" else { return nil }
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { throw ValidationError("no \(what) at \(url.standardizedFileURL.path); pass \(option) FILE or set $\(variable)") }
            return nil
        }
        do {
            return try body(url)
        } catch {
            throw ValidationError("cannot load \(what): \(error)")
        }
    }
}
