/// Why a number was not read.
public enum NumberReadingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The drawing holds more than `NumberReader.maxDigits` digits: at least this many. Found
    /// before any recognition when there are more pieces of ink than that many digits can have,
    /// so a drawing of a thousand dots costs no more than a short number.
    case tooManyDigits(atLeast: Int)

    public var description: String {
        switch self {
        case .tooManyDigits(let count):
            "The drawing holds at least \(count) digits; at most \(NumberReader.maxDigits) are read at once."
        }
    }
}
