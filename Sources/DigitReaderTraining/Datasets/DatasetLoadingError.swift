import DigitReaderCore

/// Why a development data set file could not be read.
public enum DatasetLoadingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// One line is not a valid record.
    case malformedLine(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "Cannot read the data set at \(path): \(reason)."
        case .malformedLine(let path, let line, let reason):
            "Line \(line) of \(path) is not a valid record: \(reason)."
        }
    }
}
