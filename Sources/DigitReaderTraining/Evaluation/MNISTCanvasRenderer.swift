import DigitReaderCore

/// Draws an MNIST digit the way the web page's canvas would deliver it: black ink on a
/// transparent background, scaled up smoothly to canvas size.
///
/// MNIST sent through the upload path this way must read as well as the raw 28 x 28 pixels; if
/// it does not, the preprocessing (not the model) is losing accuracy, and this shows by how much.
public struct MNISTCanvasRenderer: Sendable {
    /// Side of the square canvas in pixels.
    public var canvasSide: Int

    /// A renderer for a canvas of `canvasSide` pixels (the web page's is 280).
    public init(canvasSide: Int = 280) {
        self.canvasSide = canvasSide
    }

    /// The digit scaled up with bilinear interpolation (pixel centres aligned, edges clamped);
    /// ink intensity becomes alpha of black ink, so the background is fully transparent.
    public func render(_ digit: DigitImage) -> RasterImage {
        let side = canvasSide
        let source = DigitImage.side
        let scale = Float(source) / Float(side)
        // Per output coordinate: the two source indices and the weight of the second.
        let taps: [(Int, Int, Float)] = (0..<side).map { index in
            let position = min(max((Float(index) + 0.5) * scale - 0.5, 0), Float(source - 1))
            let low = Int(position)
            let high = min(low + 1, source - 1)
            return (low, high, position - Float(low))
        }
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        digit.pixels.withUnsafeBufferPointer { ink in
            pixels.withUnsafeMutableBufferPointer { pixels in
                for y in 0..<side {
                    let (top, bottom, wy) = taps[y]
                    for x in 0..<side {
                        let (left, right, wx) = taps[x]
                        let upper = ink[top * source + left] * (1 - wx) + ink[top * source + right] * wx
                        let lower = ink[bottom * source + left] * (1 - wx) + ink[bottom * source + right] * wx
                        let value = upper * (1 - wy) + lower * wy
                        pixels[4 * (y * side + x) + 3] = UInt8((min(max(value, 0), 1) * 255).rounded())
                    }
                }
            }
        }
        return RasterImage(width: side, height: side, pixels: pixels)
    }
}
