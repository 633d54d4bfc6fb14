import DigitReaderCore

/// A fingerprint of everything `DigitNormalizer` produces over a fixed, varied set of pictures:
/// pen digits in every standard canvas style and as strokes, scanned digits, MNIST digits as opaque pictures
/// and as canvases, and noisy photo-like pages. Two builds with the same digest normalise those
/// pictures identically, bit for bit, so a change that should not alter the output (a faster
/// loop, a refactor) can prove it.
public struct NormalizerDigest: Sendable {
    /// FNV-1a over every output: pixels, emptiness, polarity, ink bounds, stroke width and flag.
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    /// Pictures folded in.
    public private(set) var count = 0

    public init() {}

    /// Folds in one normalised picture.
    public mutating func add(_ normalized: NormalizedDigit) {
        for pixel in normalized.digit.pixels { mix(UInt64(pixel.bitPattern)) }
        mix(normalized.isEmpty ? 1 : 0)
        mix(normalized.polarity == .darkOnLight ? 1 : 2)
        if let bounds = normalized.inkBounds {
            for part in [bounds.x, bounds.y, bounds.width, bounds.height] { mix(UInt64(bitPattern: Int64(part))) }
        }
        mix(UInt64(normalized.strokeWidth?.bitPattern ?? 0xFFFF_FFFF))
        mix(normalized.strokeWidthAdjusted ? 1 : 0)
        count += 1
    }

    private mutating func mix(_ word: UInt64) {
        var word = word
        for _ in 0..<8 {
            value = (value ^ (word & 0xFF)) &* 0x100_0000_01B3
            word >>= 8
        }
    }

    /// The digest of `normalizer` over the fixed set built from these data sets: every pen
    /// digit in the four standard styles and as strokes on the page's pad, every scanned digit, the first `mnistCount` MNIST
    /// digits as opaque 28x28 pictures and as 280 px canvases, and `photoCount` pen digits drawn
    /// dark on a noisy grey page.
    public static func of(
        _ normalizer: DigitNormalizer, pen: [PenDigit], scans: [OptDigit], mnist: MNISTDataset, mnistCount: Int = 1500, photoCount: Int = 200
    ) -> NormalizerDigest {
        var digest = NormalizerDigest()
        for variant in RenderingVariant.standard {
            let renderer = variant.renderer()
            for digit in pen { digest.add(normalizer.normalize(renderer.render(digit.strokes))) }
        }
        // The same pen digits as stroke uploads from the page's 280 px pad (drawn by the server).
        for digit in pen {
            guard let drawing = try? digit.padDrawing() else { continue }
            digest.add(normalizer.normalize(drawing))
        }
        for scan in scans { digest.add(normalizer.normalize(scan.image)) }
        let canvas = MNISTCanvasRenderer()
        for index in 0..<min(mnistCount, mnist.count) {
            digest.add(normalizer.normalize(RasterImage(mnist.image(index))))
            digest.add(normalizer.normalize(canvas.render(mnist.image(index))))
        }
        var generator = SeededGenerator(seed: 2026)
        let photo = StrokeRenderer(canvasSide: 160, brushWidth: 9, span: 0.6, ink: RGBAColour(red: 40, green: 40, blue: 50, alpha: 255), background: RGBAColour(red: 200, green: 195, blue: 185, alpha: 255))
        for digit in pen.prefix(photoCount) {
            let clean = photo.render(digit.strokes)
            let noisy = clean.pixels.enumerated().map { index, value in
                index % 4 == 3 ? value : UInt8(min(max(Float(value) + 12 * generator.nextGaussian(), 0), 255))
            }
            digest.add(normalizer.normalize(RasterImage(width: clean.width, height: clean.height, pixels: noisy)))
        }
        return digest
    }
}
