import DigitReaderCore

/// Why a synthetic picture could not be taken through the full upload path.
public enum RealDigitsEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rendered picture could not be written as a PNG.
    case encoding(index: Int, PNGEncodingError)
    /// The PNG we wrote could not be read back: a codec bug the measurement must not hide.
    case decoding(index: Int, ImageDecodingError)

    public var description: String {
        switch self {
        case .encoding(let index, let error): "picture \(index) could not be encoded: \(error.description)"
        case .decoding(let index, let error): "picture \(index) did not decode after encoding: \(error.description)"
        }
    }
}
