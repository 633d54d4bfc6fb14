import DigitReaderCore

/// How a measured picture reaches `DigitNormalizer`, so every accuracy figure says what it covers.
public enum PreprocessingPath: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Encoded as a PNG file, decoded by `ImageDecoder`, then normalised: byte for byte what an
    /// upload goes through, so codec and alpha-compositing mistakes show up in the figures.
    case png
    /// Handed to the normaliser as the decoder would deliver it (no encode and decode): faster,
    /// and identical whenever the codec round trip is lossless.
    case raster

    public var description: String {
        switch self {
        case .png: "full path: PNG encode -> ImageDecoder -> DigitNormalizer -> recognizer"
        case .raster: "decode-equivalent RasterImage -> DigitNormalizer -> recognizer"
        }
    }
}
