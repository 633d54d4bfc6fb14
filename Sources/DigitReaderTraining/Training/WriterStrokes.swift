import DigitReaderCore
import Foundation

/// Adds the strokes that many writers draw and MNIST's writers rarely did, to MNIST digits.
///
/// Measured on pen-written digits, a model trained on MNIST alone made two mistakes more than
/// any other: a "1" with an up-stroke flag (the continental European style) read as 7, and a
/// "9" whose tail hooks to the left read as 3. Both shapes are synthesised from the MNIST digit
/// itself, with a stroke of the digit's own width:
///
/// - `flaggedOne`: a straight flag from the top of the stem, down to the left at 25-60 degrees,
///   a quarter to a half of the digit's height long. A 7's bar is long and near horizontal over
///   a slanted stem; a flag is shorter and steeper over a near-vertical one.
/// - `hookedNine`: a curve from the foot of the stem, dipping and then turning left and up,
///   a quarter to a half of the height long.
///
/// The result is normalised again exactly as an upload is (`DigitNormalizer`: 20-pixel box,
/// centre of mass at the centre), so a longer digit is refitted the way a drawn one would be.
enum WriterStrokes {
    /// Room around the 28 x 28 digit for strokes that reach past its frame.
    static let padding = 8
    static let side = DigitImage.side + 2 * padding

    /// A copy of `image` (a 28 x 28 "1", values 0...1) with a flag; unchanged when it has no ink.
    static func flaggedOne(_ image: [Float], generator: inout SeededGenerator) -> [Float] {
        var canvas = padded(image)
        guard let stem = inkRows(canvas) else { return image }
        let start = SIMD2(centre(ofRow: stem.top, in: canvas), Float(stem.top))
        let length = generator.nextUniform(in: 0.25...0.55) * Float(stem.bottom - stem.top + 1)
        let angle = generator.nextUniform(in: 25...60) * .pi / 180
        let end = start + length * SIMD2(-cos(angle), sin(angle))
        draw([start, end], on: &canvas, width: strokeWidth(image))
        return normalised(canvas) ?? image
    }

    /// A copy of `image` (a 28 x 28 "9", values 0...1) with a hooked tail; unchanged when it has no ink.
    static func hookedNine(_ image: [Float], generator: inout SeededGenerator) -> [Float] {
        var canvas = padded(image)
        guard let stem = inkRows(canvas) else { return image }
        let foot = SIMD2(centre(ofRow: stem.bottom, in: canvas), Float(stem.bottom))
        let length = generator.nextUniform(in: 0.25...0.5) * Float(stem.bottom - stem.top + 1)
        let rise = generator.nextUniform(in: -0.05...0.25) * length
        // A quadratic Bezier curve: on down past the foot, then round to the left.
        let control = foot + SIMD2(-0.2 * length, 0.35 * length)
        let end = foot + SIMD2(-length, -rise)
        let points = (0...12).map { step -> SIMD2<Float> in
            let t = Float(step) / 12
            return (1 - t) * (1 - t) * foot + 2 * (1 - t) * t * control + t * t * end
        }
        draw(points, on: &canvas, width: strokeWidth(image))
        return normalised(canvas) ?? image
    }

    /// The 28 x 28 image in the middle of a `side` x `side` canvas.
    private static func padded(_ image: [Float]) -> [Float] {
        var canvas = [Float](repeating: 0, count: side * side)
        for y in 0..<DigitImage.side {
            for x in 0..<DigitImage.side {
                canvas[(y + padding) * side + x + padding] = image[y * DigitImage.side + x]
            }
        }
        return canvas
    }

    /// First and last rows with solid ink (at least half intensity).
    private static func inkRows(_ canvas: [Float]) -> (top: Int, bottom: Int)? {
        let rows = (0..<side).filter { y in (0..<side).contains { canvas[y * side + $0] >= 0.5 } }
        guard let top = rows.first, let bottom = rows.last else { return nil }
        return (top, bottom)
    }

    /// Ink-weighted mean column of one row.
    private static func centre(ofRow y: Int, in canvas: [Float]) -> Float {
        var mass: Float = 0, sum: Float = 0
        for x in 0..<side {
            mass += canvas[y * side + x]
            sum += canvas[y * side + x] * Float(x)
        }
        return sum / mass
    }

    /// The digit's stroke width, at least 1.5 px so a hairline digit still gets a visible stroke.
    private static func strokeWidth(_ image: [Float]) -> Float {
        max(DigitNormalizer.measureStrokeWidth(DigitImage(pixels: image)), 1.5)
    }

    /// Draws the polyline through `points` (pixel indices) with round ends, anti-aliased,
    /// keeping existing ink.
    private static func draw(_ points: [SIMD2<Float>], on canvas: inout [Float], width: Float) {
        // The renderer puts pixel centres at half-integers; pixel index i is centre i + 0.5.
        let stroke = points.map { $0 + 0.5 }
        canvas.withUnsafeMutableBufferPointer { canvas in
            StrokeRenderer.addCoverage(of: [stroke], brushWidth: width, to: canvas, width: side, height: side)
        }
    }

    /// The canvas normalised like an upload (white ink on black), or `nil` if that finds no digit.
    private static func normalised(_ canvas: [Float]) -> [Float]? {
        let grey = canvas.map { UInt8((min(max($0, 0), 1) * 255).rounded()) }
        let result = DigitNormalizer().normalize(RasterImage(width: side, height: side, grey: grey))
        return result.isEmpty ? nil : result.digit.pixels
    }
}
