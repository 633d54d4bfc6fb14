/// A decoded picture as it arrived: 8-bit RGBA, row-major, straight (not premultiplied) alpha.
///
/// This is the common currency between decoding (`ImageDecoder`), synthetic rendering
/// (`StrokeRenderer`) and `DigitNormalizer`, so that a browser canvas, a photo and a scanned
/// bitmap all take the same path to the model.
public struct RasterImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `4 * width * height` bytes: red, green, blue, alpha for each pixel, rows top to bottom.
    public let pixels: [UInt8]

    /// Wraps RGBA bytes; `pixels.count` must be `4 * width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "a RasterImage needs a positive size, got \(width)x\(height)")
        precondition(pixels.count == width * height * 4, "expected \(width * height * 4) RGBA bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An opaque image from grey levels (`0` black ... `255` white), one byte per pixel.
    public init(width: Int, height: Int, grey: [UInt8]) {
        precondition(grey.count == width * height, "expected \(width * height) grey bytes, got \(grey.count)")
        var rgba = [UInt8](repeating: 255, count: width * height * 4)
        for index in grey.indices {
            let value = grey[index]
            rgba[4 * index] = value
            rgba[4 * index + 1] = value
            rgba[4 * index + 2] = value
        }
        self.init(width: width, height: height, pixels: rgba)
    }

    /// An image of one colour, e.g. a transparent or white canvas.
    public init(width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for index in stride(from: 0, to: rgba.count, by: 4) {
            rgba[index] = red
            rgba[index + 1] = green
            rgba[index + 2] = blue
            rgba[index + 3] = alpha
        }
        self.init(width: width, height: height, pixels: rgba)
    }

    /// The MNIST convention as an opaque picture: `DigitImage` intensities as white ink on black.
    public init(_ digit: DigitImage) {
        self.init(
            width: DigitImage.side, height: DigitImage.side,
            grey: digit.pixels.map { UInt8((min(max($0, 0), 1) * 255).rounded()) })
    }

    /// The RGBA components of the pixel at `x`, `y`.
    public subscript(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        let index = 4 * (y * width + x)
        return (pixels[index], pixels[index + 1], pixels[index + 2], pixels[index + 3])
    }

    /// The picture turned upright according to an EXIF orientation tag (1...8).
    ///
    /// Phone cameras store photos sideways and only tag how to show them; a digit read sideways
    /// is a different digit, so JPEG decoding applies the tag.
    public func applyingEXIFOrientation(_ orientation: Int) -> RasterImage {
        guard (2...8).contains(orientation) else { return self }
        let swapsAxes = orientation >= 5
        let outWidth = swapsAxes ? height : width
        let outHeight = swapsAxes ? width : height
        var output = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        // (sx, sy): where the displayed pixel (x, y) is stored.
                        let (sx, sy): (Int, Int)
                        switch orientation {
                        case 2: (sx, sy) = (width - 1 - x, y)
                        case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
                        case 4: (sx, sy) = (x, height - 1 - y)
                        case 5: (sx, sy) = (y, x)
                        case 6: (sx, sy) = (y, height - 1 - x)
                        case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
                        default: (sx, sy) = (width - 1 - y, x)
                        }
                        let from = 4 * (sy * width + sx)
                        let to = 4 * (y * outWidth + x)
                        target[to] = source[from]
                        target[to + 1] = source[from + 1]
                        target[to + 2] = source[from + 2]
                        target[to + 3] = source[from + 3]
                    }
                }
            }
        }
        return RasterImage(width: outWidth, height: outHeight, pixels: output)
    }
}
