/// Why pixels could not be written as a PNG.
public enum PNGEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pixel count does not match `width * height`, or a side is zero.
    case invalidSize(width: Int, height: Int, pixelCount: Int)
    /// libpng refused to write (in practice: out of memory); the detail comes from libpng.
    case failed(String)

    public var description: String {
        switch self {
        case .invalidSize(let width, let height, let pixelCount):
            "Cannot write a \(width) x \(height) PNG from \(pixelCount) pixels."
        case .failed(let detail):
            "Writing the PNG failed (\(detail))."
        }
    }
}
