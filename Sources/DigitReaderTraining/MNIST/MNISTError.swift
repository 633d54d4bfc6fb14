import DigitReaderCore

/// Why MNIST data could not be read.
public enum MNISTError: Error, CustomStringConvertible, Sendable, Equatable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case corruptGzip(path: String, reason: String)
    case wrongMagic(path: String, found: UInt32, expected: UInt32)
    case badHeader(path: String, reason: String)
    case sizeMismatch(path: String, expectedBytes: Int, actualBytes: Int)
    case countMismatch(images: Int, labels: Int)
    case badLabel(path: String, value: UInt8)
    case checksumMismatch(file: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .missingFile(path):
            "MNIST file not found: \(path). Get the files with `digit-reader download-mnist` and pass --data DIR (or set DIGIT_READER_MNIST)"
        case let .unreadable(path, reason):
            "cannot read \(path): \(reason)"
        case let .corruptGzip(path, reason):
            "\(path) is not a valid gzip file (\(reason)); it may be truncated: download it again"
        case let .wrongMagic(path, found, expected):
            "\(path) is not an MNIST IDX file of the right kind: magic number \(found), expected \(expected)"
        case let .badHeader(path, reason):
            "\(path) has an invalid IDX header: \(reason)"
        case let .sizeMismatch(path, expected, actual):
            "\(path) should hold \(expected) bytes after decompression but holds \(actual): it is truncated or corrupt"
        case let .countMismatch(images, labels):
            "the image file has \(images) images but the label file has \(labels) labels"
        case let .badLabel(path, value):
            "\(path) contains the label \(value), which is not a digit 0-9"
        case let .checksumMismatch(file, expected, actual):
            "\(file) has sha256 \(actual) but the canonical MNIST file has \(expected); it is corrupt or not MNIST"
        }
    }
}
