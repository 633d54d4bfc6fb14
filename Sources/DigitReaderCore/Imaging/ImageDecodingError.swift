/// Why an uploaded image could not be turned into pixels.
///
/// Each case has a sentence a person understands (`description`) and a stable snake_case
/// `code` that HTTP clients can branch on without parsing English.
public enum ImageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// The bytes are not any image format we recognise.
    case notAnImage
    /// A real image format that we do not decode (e.g. "GIF", "WebP").
    case unsupportedFormat(String)
    /// The file stops before the image is complete; the detail comes from the codec.
    case truncated(String)
    /// The file is damaged (bad checksum, invalid compressed data, inconsistent header).
    case corrupt(String)
    /// The header declares more pixels than the decoder's budget.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The header declares a zero width or height.
    case zeroSize
    /// The machine could not provide memory for the decoded pixels.
    case outOfMemory

    /// Stable machine-readable identifier, used in the server's JSON errors.
    public var code: String {
        switch self {
        case .empty: "empty_body"
        case .notAnImage: "not_an_image"
        case .unsupportedFormat: "unsupported_image_format"
        case .truncated: "truncated_image"
        case .corrupt: "corrupt_image"
        case .tooLarge: "image_too_large"
        case .zeroSize: "zero_size_image"
        case .outOfMemory: "out_of_memory"
        }
    }

    public var description: String {
        switch self {
        case .empty:
            "The request contained no image data."
        case .notAnImage:
            "The data is not an image: send a PNG or JPEG file."
        case .unsupportedFormat(let format):
            "\(format) images are not supported: send a PNG or JPEG file."
        case .truncated(let detail):
            "The image file is incomplete (\(detail)); it was probably cut off during upload."
        case .corrupt(let detail):
            "The image file is damaged and cannot be read (\(detail))."
        case .tooLarge(let width, let height, let limit):
            "The image is \(width) x \(height) pixels; at most \(limit) pixels are accepted. Scale it down and try again."
        case .zeroSize:
            "The image has a width or height of zero pixels."
        case .outOfMemory:
            "The server ran out of memory while decoding the image."
        }
    }
}
