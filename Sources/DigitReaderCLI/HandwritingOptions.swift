import ArgumentParser
import DigitReaderTraining

/// Where the real handwriting is: the pen digits (`PenDigitsOptions`) and the scanned digits,
/// each from an option, else an environment variable, else the shared data sets beside the
/// repository.
struct HandwritingOptions: ParsableArguments {
    @OptionGroup var pen: PenDigitsOptions
    @Option(help: ArgumentHelp("Scanned digits JSON Lines file (default: $DIGIT_READER_OPTDIGITS, else ../shared/datasets/optdigits-dev/optdigits-dev.jsonl); `none` goes without.", valueName: "file"))
    var optdigits: String?

    var scanFile: String {
        optdigits ?? DatasetFile.path(variable: "DIGIT_READER_OPTDIGITS", folder: "optdigits-dev", file: "optdigits-dev.jsonl")
    }

    /// The scanned digits, or nil when the file is `none` or, with `required` false, missing.
    func scanDigits(required: Bool) throws -> [OptDigit]? {
        try DatasetFile.load(scanFile, what: "scanned digits", option: "--optdigits", variable: "DIGIT_READER_OPTDIGITS", required: required) {
            try OptDigitsDataset(contentsOf: $0).digits
        }
    }
}
