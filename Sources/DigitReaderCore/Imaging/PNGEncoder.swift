import CImageCodecs

/// Writes 8-bit greyscale PNGs, e.g. to show a person the 28 x 28 image the model actually saw.
public struct PNGEncoder: Sendable {
    /// A stateless encoder.
    public init() {}

    /// PNG bytes for `grey` (row-major, `0` black ... `255` white, `width * height` values).
    public func encode(grey: [UInt8], width: Int, height: Int) throws(PNGEncodingError) -> [UInt8] {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max), grey.count == width * height else {
            throw .invalidSize(width: width, height: height, pixelCount: grey.count)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: Int(DRIC_MESSAGE_CAPACITY))
        let status = grey.withUnsafeBufferPointer { pixels in
            message.withUnsafeMutableBufferPointer { text in
                dric_encode_png_grey8(
                    pixels.baseAddress, UInt32(width), UInt32(height), &output, &length, text.baseAddress, text.count)
            }
        }
        defer { dric_free(output) }
        guard status == DRIC_OK, let output else {
            let detail = message.withUnsafeBufferPointer { text in
                String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            throw .failed(detail)
        }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    /// PNG bytes of a digit as the model sees it: white ink on black, 28 x 28.
    public func encode(_ digit: DigitImage) throws(PNGEncodingError) -> [UInt8] {
        try encode(
            grey: digit.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) },
            width: DigitImage.side, height: DigitImage.side)
    }
}
