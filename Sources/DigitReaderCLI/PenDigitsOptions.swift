import ArgumentParser
import DigitReaderTraining

/// Where the pen digits are: `--pendigits`, else `$DIGIT_READER_PENDIGITS`, else the shared data
/// set beside the repository. Commands that learn or measure on pen digits alone take this;
/// those that also use the scans take `HandwritingOptions`.
struct PenDigitsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Pen digits JSON Lines file (default: $DIGIT_READER_PENDIGITS, else ../shared/datasets/pendigits-dev/pendigits-dev.jsonl); `none` goes without.", valueName: "file"))
    var pendigits: String?

    var file: String {
        pendigits ?? DatasetFile.path(variable: "DIGIT_READER_PENDIGITS", folder: "pendigits-dev", file: "pendigits-dev.jsonl")
    }

    /// The pen digits, or nil when the file is `none` or, with `required` false, missing.
    func digits(required: Bool) throws -> [PenDigit]? {
        try DatasetFile.load(file, what: "pen digits", option: "--pendigits", variable: "DIGIT_READER_PENDIGITS", required: required) {
            try PenDigitsDataset(contentsOf: $0).digits
        }
    }
}
