import CImageCodecs

/// Writes 8-bit PNGs through libpng: greyscale (the 28 x 28 image a model saw) and RGBA like a
/// browser canvas's `toDataURL()` (so measurements send synthetic canvases through exactly the
/// decoder real uploads take, alpha included). Rows are filtered adaptively, as browsers do.
public struct PNGEncoder: Sendable {
    /// zlib level, 0...9 (browsers use about 6; 1 is fastest and just as lossless).
    public var compressionLevel: Int32

    /// An encoder with browser-like compression.
    public init(compressionLevel: Int32 = 6) {
        self.compressionLevel = compressionLevel
    }

    /// PNG bytes for `grey` (row-major, `0` black ... `255` white, `width * height` values).
    public func encode(grey: [UInt8], width: Int, height: Int) throws(PNGEncodingError) -> [UInt8] {
        try encode(grey, width: width, height: height, channels: 1)
    }

    /// PNG bytes for `image`, with its straight alpha kept.
    public func encode(_ image: RasterImage) throws(PNGEncodingError) -> [UInt8] {
        try encode(image.pixels, width: image.width, height: image.height, channels: 4)
    }

    /// PNG bytes of a digit as the model sees it: white ink on black, 28 x 28.
    public func encode(_ digit: DigitImage) throws(PNGEncodingError) -> [UInt8] {
        try encode(
            grey: digit.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) },
            width: DigitImage.side, height: DigitImage.side)
    }

    private func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws(PNGEncodingError) -> [UInt8] {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max), pixels.count == width * height * channels,
              (0...9).contains(compressionLevel)
        else {
            throw .invalidSize(width: width, height: height, pixelCount: pixels.count / channels)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: Int(DRIC_MESSAGE_CAPACITY))
        let status = pixels.withUnsafeBufferPointer { pixels in
            message.withUnsafeMutableBufferPointer { text in
                dric_encode_png(
                    pixels.baseAddress, UInt32(width), UInt32(height), UInt32(channels), compressionLevel,
                    &output, &length, text.baseAddress, text.count)
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
}
