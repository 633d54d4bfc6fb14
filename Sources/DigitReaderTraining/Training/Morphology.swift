import DigitReaderCore
import Foundation

/// Small image operations on 28x28 grids used by augmentation.
enum Morphology {
    static let side = DigitImage.side

    /// Grey dilation with a plus-shaped element: strokes grow by about one pixel.
    static func dilate(_ image: [Float]) -> [Float] {
        neighbourhood(image, combine: max)
    }

    /// Grey erosion with a plus-shaped element, blended so thin strokes do not vanish.
    static func erode(_ image: [Float]) -> [Float] {
        let eroded = neighbourhood(image, combine: min)
        return zip(image, eroded).map { 0.5 * $0 + 0.5 * $1 }
    }

    private static func neighbourhood(_ image: [Float], combine: (Float, Float) -> Float) -> [Float] {
        var output = image
        for y in 0..<side {
            for x in 0..<side {
                var value = image[y * side + x]
                for (ox, oy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                    let (nx, ny) = (x + ox, y + oy)
                    value = combine(value, (0..<side).contains(nx) && (0..<side).contains(ny) ? image[ny * side + nx] : 0)
                }
                output[y * side + x] = value
            }
        }
        return output
    }

    /// Bilinear sample, zero outside the image.
    static func bilinear(_ image: [Float], x: Float, y: Float) -> Float {
        let (x0, y0) = (Int(floor(x)), Int(floor(y)))
        let (fx, fy) = (x - Float(x0), y - Float(y0))
        func at(_ px: Int, _ py: Int) -> Float {
            (0..<side).contains(px) && (0..<side).contains(py) ? image[py * side + px] : 0
        }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Uniform noise in -1...1 smoothed by a Gaussian and rescaled to unit peak, for elastic warps.
    static func smoothNoise(generator: inout SeededGenerator, sigma: Float) -> [Float] {
        let noise = (0..<(side * side)).map { _ in generator.nextUniform() * 2 - 1 }
        let radius = Int((3 * sigma).rounded(.up))
        let kernel = (-radius...radius).map { exp(-Float($0 * $0) / (2 * sigma * sigma)) }
        func blur(_ input: [Float], horizontal: Bool) -> [Float] {
            var output = [Float](repeating: 0, count: input.count)
            for y in 0..<side {
                for x in 0..<side {
                    var sum: Float = 0
                    for (k, weight) in kernel.enumerated() {
                        let offset = k - radius
                        let (sx, sy) = horizontal ? (x + offset, y) : (x, y + offset)
                        if (0..<side).contains(sx) && (0..<side).contains(sy) { sum += weight * input[sy * side + sx] }
                    }
                    output[y * side + x] = sum
                }
            }
            return output
        }
        let smoothed = blur(blur(noise, horizontal: true), horizontal: false)
        let peak = smoothed.map(abs).max() ?? 1
        return smoothed.map { $0 / max(peak, 1e-6) }
    }
}
