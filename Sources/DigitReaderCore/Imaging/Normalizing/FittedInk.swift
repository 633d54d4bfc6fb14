/// Steps 5 and 6 of `DigitNormalizer`: the ink fitted into the box by its longer side (aspect
/// ratio kept, so a "1" stays thin) with area averaging, which gives MNIST's grey anti-aliased
/// edges; then placed in the 28 x 28 frame by whole pixels so its centre of mass lands where
/// MNIST's does.
public struct FittedInk: Sendable {
    /// Ink intensity, row-major, `width * height`, the longer side `boxSide` long.
    public let pixels: [Float]
    public let width: Int
    public let height: Int

    /// The kept ink of `map`, straight from the working picture (strokes of MNIST-like width).
    public init(_ map: InkMap, boxSide: Int) {
        self.init(map.ink, sourceWidth: map.width, region: map.bounds, boxSide: boxSide)
    }

    /// The ink of `fine` (after its strokes were adjusted); nil when no ink is left.
    public init?(_ fine: FineInk, boxSide: Int) {
        guard let moved = fine.inkBounds else { return nil }
        self.init(fine.pixels, sourceWidth: fine.width, region: moved, boxSide: boxSide)
    }

    /// `region` of `source` (row-major, `sourceWidth` wide) with its longer side scaled to `boxSide`.
    private init(_ source: [Float], sourceWidth: Int, region: PixelRegion, boxSide: Int) {
        let scale = Float(boxSide) / Float(max(region.width, region.height))
        let width = Self.fittedLength(region.width, scale: scale, limit: boxSide)
        let height = Self.fittedLength(region.height, scale: scale, limit: boxSide)
        self.width = width
        self.height = height
        pixels = source.withUnsafeBufferPointer { source in
            AreaResampler.resample(source, sourceWidth: sourceWidth, region: region, scale: scale, outputWidth: width, outputHeight: height)
        }
    }

    /// The ink shifted by whole pixels so its centre of mass lands at `centre` (pixel-index
    /// coordinates of the 28 x 28 frame); nil when there is no ink.
    public func centred(at centre: Float) -> DigitImage? {
        var mass: Float = 0, sumX: Float = 0, sumY: Float = 0
        for y in 0..<height {
            for x in 0..<width {
                let value = pixels[y * width + x]
                mass += value
                sumX += value * Float(x)
                sumY += value * Float(y)
            }
        }
        guard mass > 0 else { return nil }
        let frame = DigitImage.side
        let shiftX = Int((centre - sumX / mass).rounded())
        let shiftY = Int((centre - sumY / mass).rounded())
        var output = [Float](repeating: 0, count: DigitImage.pixelCount)
        for y in 0..<height {
            let targetY = y + shiftY
            guard targetY >= 0 && targetY < frame else { continue }
            for x in 0..<width {
                let targetX = x + shiftX
                guard targetX >= 0 && targetX < frame else { continue }
                output[targetY * frame + targetX] = min(max(pixels[y * width + x], 0), 1)
            }
        }
        return DigitImage(pixels: output)
    }

    /// Output length of `length` source pixels scaled by `scale`, at least 1 and at most `limit`.
    static func fittedLength(_ length: Int, scale: Float, limit: Int) -> Int {
        min(limit, max(1, Int((Float(length) * scale - 1e-3).rounded(.up))))
    }
}
