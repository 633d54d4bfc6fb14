import DigitReaderCore

/// Which real handwriting may be trained on and which is kept for validation: the one home of
/// that rule.
///
/// The pen digits follow their data set's published protocol (train on some writers, test on
/// others); optdigits keeps its original parts. Validation digits decide early stopping,
/// calibration and the ensemble's weights, and are the figures reported, so none of them may
/// ever reach training.
public enum HandwritingSplit: Sendable {
    /// Pen writers whose digits are trained on.
    public static let penTrainingWriters: ClosedRange<Int> = 1...25
    /// Pen writers kept for validation.
    public static let penValidationWriters: ClosedRange<Int> = 26...30
    /// optdigits parts that are trained on.
    public static let scanTrainingParts: Set<OptDigit.Part> = [.tra]
    /// optdigits parts kept for validation.
    public static let scanValidationParts: Set<OptDigit.Part> = [.cv, .wdep]

    /// The pen digits that may be trained on.
    public static func training(_ digits: [PenDigit]) -> [PenDigit] {
        digits.filter { penTrainingWriters.contains($0.writer) }
    }

    /// The pen digits of the validation writers.
    public static func validation(_ digits: [PenDigit]) -> [PenDigit] {
        digits.filter { penValidationWriters.contains($0.writer) }
    }

    /// The scanned digits that may be trained on.
    public static func training(_ digits: [OptDigit]) -> [OptDigit] {
        digits.filter { scanTrainingParts.contains($0.part) }
    }

    /// The scanned digits kept for validation.
    public static func validation(_ digits: [OptDigit]) -> [OptDigit] {
        digits.filter { scanValidationParts.contains($0.part) }
    }
}
