import CImageCodecs

/// Turns the bytes of an uploaded PNG or JPEG into RGBA pixels, safely.
///
/// The format is recognised from the content, never from a name or header the client chose.
/// Malformed, truncated or hostile files produce an `ImageDecodingError`; they never crash the
/// process (libpng/libjpeg errors are caught inside the C shim) and a file that merely *claims*
/// huge dimensions is refused before any pixel memory is allocated.
public struct ImageDecoder: Sendable {
    /// Largest accepted `width * height`. The default admits a 16-megapixel photo.
    public var maxPixels: Int
    /// Whether JPEG photos are turned upright according to their EXIF orientation tag.
    public var appliesEXIFOrientation: Bool

    /// A decoder with a pixel budget (default 4096 x 4096).
    public init(maxPixels: Int = 4096 * 4096, appliesEXIFOrientation: Bool = true) {
        self.maxPixels = maxPixels
        self.appliesEXIFOrientation = appliesEXIFOrientation
    }

    /// Decodes a PNG or JPEG file held in memory.
    public func decode(_ bytes: [UInt8]) throws(ImageDecodingError) -> RasterImage {
        let result: Result<RasterImage, ImageDecodingError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(ImageDecodingError) -> RasterImage in try decode(buffer) }
        }
        return try result.get()
    }

    /// Decodes a PNG or JPEG file from raw memory (e.g. a request body), without copying it first.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(ImageDecodingError) -> RasterImage {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw .empty }
        guard let format = ImageFormat.sniff(bytes) else { throw .notAnImage }
        guard format.isDecodable else { throw .unsupportedFormat(format.rawValue) }

        var image = dric_image()
        var message = [CChar](repeating: 0, count: Int(DRIC_MESSAGE_CAPACITY))
        let data = base.assumingMemoryBound(to: UInt8.self)
        let budget = UInt64(max(maxPixels, 0))
        let status = message.withUnsafeMutableBufferPointer { text in
            format == .png
                ? dric_decode_png(data, bytes.count, budget, &image, text.baseAddress, text.count)
                : dric_decode_jpeg(data, bytes.count, budget, &image, text.baseAddress, text.count)
        }
        defer { dric_free(image.pixels) }
        let detail = message.withUnsafeBufferPointer { text in
            String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        switch status {
        case DRIC_OK:
            break
        case DRIC_TRUNCATED:
            throw .truncated(detail)
        case DRIC_TOO_LARGE:
            throw .tooLarge(width: Int(image.width), height: Int(image.height), limit: maxPixels)
        case DRIC_ZERO_SIZE:
            throw .zeroSize
        case DRIC_OUT_OF_MEMORY:
            throw .outOfMemory
        default:
            throw .corrupt(detail)
        }
        guard let pixels = image.pixels else { throw .corrupt("the decoder returned no pixels") }
        let width = Int(image.width)
        let height = Int(image.height)
        let raster = RasterImage(
            width: width, height: height,
            pixels: Array(UnsafeBufferPointer(start: pixels, count: width * height * 4)))
        return appliesEXIFOrientation ? raster.applyingEXIFOrientation(Int(image.orientation)) : raster
    }
}
