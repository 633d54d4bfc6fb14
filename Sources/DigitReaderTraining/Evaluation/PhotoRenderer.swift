import DigitReaderCore
import Foundation

/// Photographs a drawing, as a phone photographs a number written on paper: the drawing's ink
/// (its alpha) in blue-black on a sheet of tinted paper lying on a darker table, light falling
/// off across the frame, and sensor noise.
///
/// `Framing` says how the sheet fills the frame. Every random choice comes from the generator,
/// so a seed gives the same photos.
public struct PhotoRenderer: Sendable {
    /// How the sheet lies in the frame.
    public enum Framing: String, CaseIterable, Sendable, Encodable {
        /// The sheet fills the frame.
        case filled
        /// The sheet turned by 3 to 6 degrees: wedges of table in the corners.
        case tilted
        /// The sheet ends short of one edge: a band of table 5-10% of the frame wide along it.
        case edge
        /// The sheet lies inside the frame at 85% of its size, turned by up to 3 degrees.
        case sheet
    }

    public var paper = SIMD3<Float>(230, 223, 204)
    public var ink = SIMD3<Float>(26, 42, 106)
    public var table = SIMD3<Float>(138, 132, 120)
    /// How much darker the frame's far side is than its near side (a fraction of the light).
    public var lightFalloff: ClosedRange<Float> = 0.2...0.4
    /// Standard deviation of the sensor's noise, in grey levels.
    public var noise: Float = 8

    public init() {}

    /// `drawing` (ink as alpha: a canvas drawing) photographed in `framing`, the same size.
    public func photograph(_ drawing: RasterImage, framing: Framing, generator: inout SeededGenerator) -> RasterImage {
        let (width, height) = (drawing.width, drawing.height)
        let size = SIMD2(Float(width), Float(height))
        let degrees: Float = switch framing {
        case .filled, .edge: 0
        case .tilted: generator.nextUniform(in: 3...6) * (generator.nextUniform() < 0.5 ? -1 : 1)
        case .sheet: generator.nextUniform(in: -3...3)
        }
        var scale = SIMD2<Float>(repeating: framing == .sheet ? 0.85 : 1)
        var shift = SIMD2<Float>(0, 0)
        if framing == .edge {
            // The sheet gives up a band along one side and is squeezed across it, so nothing
            // written on it leaves the frame.
            let band = generator.nextUniform(in: 0.05...0.1)
            let side = [SIMD2<Float>(1, 0), SIMD2(-1, 0), SIMD2(0, 1), SIMD2(0, -1)][Int(generator.next() % 4)]
            scale -= side * side * band
            shift = side * band / 2 * size
        }
        let lightAngle = generator.nextUniform(in: 0...(2 * .pi))
        let light = SIMD2(cos(lightAngle), sin(lightAngle))
        let falloff = generator.nextUniform(in: lightFalloff)
        let reach = abs(light.x) * size.x + abs(light.y) * size.y
        let (cosine, sine) = (cos(-degrees * .pi / 180), sin(-degrees * .pi / 180))
        let centre = size / 2
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let point = SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                // Where this pixel of the frame falls on the sheet.
                let offset = (point - centre - shift) / scale
                let onSheet = SIMD2(cosine * offset.x - sine * offset.y, sine * offset.x + cosine * offset.y) + centre
                var colour = table
                if onSheet.x >= 0, onSheet.y >= 0, onSheet.x < size.x, onSheet.y < size.y {
                    let coverage = Self.alpha(drawing, at: onSheet - 0.5) / 255
                    colour = paper * (1 - coverage) + ink * coverage
                }
                let along = ((point - centre) * light).sum() / reach + 0.5
                colour *= 1 - falloff * along
                for channel in 0..<3 {
                    let value = colour[channel] + noise * generator.nextGaussian()
                    pixels[(y * width + x) * 4 + channel] = UInt8(min(max(value, 0), 255).rounded())
                }
            }
        }
        return RasterImage(width: width, height: height, pixels: pixels)
    }

    /// The drawing's alpha at a point between pixel centres (bilinear; none outside it).
    private static func alpha(_ drawing: RasterImage, at point: SIMD2<Float>) -> Float {
        let (x0, y0) = (Int(point.x.rounded(.down)), Int(point.y.rounded(.down)))
        let (fx, fy) = (point.x - Float(x0), point.y - Float(y0))
        func value(_ x: Int, _ y: Int) -> Float {
            guard x >= 0, y >= 0, x < drawing.width, y < drawing.height else { return 0 }
            return Float(drawing.pixels[(y * drawing.width + x) * 4 + 3])
        }
        let top = value(x0, y0) * (1 - fx) + value(x0 + 1, y0) * fx
        let bottom = value(x0, y0 + 1) * (1 - fx) + value(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }
}
