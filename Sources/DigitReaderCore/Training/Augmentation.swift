import Foundation

/// Random variation synthesised from MNIST training digits.
///
/// Each option is off at zero. What helps real drawings must be measured: small rotations,
/// shears and elastic warps blur the boundary between a flagged "1" and a "7", so recipes
/// use them sparingly.
public struct Augmentation: Codable, Sendable, Equatable {
    /// Fraction of training images that are varied at all.
    public var probability: Float
    /// Largest rotation, in degrees either way.
    public var rotationDegrees: Float
    /// Largest relative change of size, e.g. 0.1 for 90%...110%.
    public var scale: Float
    /// Largest horizontal shear factor.
    public var shear: Float
    /// Largest shift in pixels either way.
    public var translation: Float
    /// Strength of the elastic warp in pixels (0 turns it off).
    public var elasticAlpha: Float
    /// Smoothness of the elastic warp (Gaussian sigma in pixels).
    public var elasticSigma: Float
    /// Probability of thickening or thinning the strokes by about one pixel.
    public var strokeWidth: Float
    /// Probability that a "1" gets the up-stroke flag many writers draw (see `WriterStrokes`).
    /// Independent of `probability`, like `hookedNines`.
    public var flaggedOnes: Float
    /// Probability that a "9" gets a tail hooked to the left (see `WriterStrokes`).
    public var hookedNines: Float
    /// Probability that a digit is redrawn the way a large, smooth canvas upload reaches the
    /// model: scaled up to a random canvas of 56-280 px as black ink on transparent, then
    /// normalised again by `DigitNormalizer`. The round trip softens edges (as the upload path
    /// does for any smooth drawing); seeing it in training keeps the model from reading a
    /// softened digit differently. Independent of `probability`, like `flaggedOnes`.
    public var canvasRedraw: Float

    public init(
        probability: Float = 0, rotationDegrees: Float = 0, scale: Float = 0, shear: Float = 0,
        translation: Float = 0, elasticAlpha: Float = 0, elasticSigma: Float = 4, strokeWidth: Float = 0,
        flaggedOnes: Float = 0, hookedNines: Float = 0, canvasRedraw: Float = 0
    ) {
        self.probability = probability
        self.rotationDegrees = rotationDegrees
        self.scale = scale
        self.shear = shear
        self.translation = translation
        self.elasticAlpha = elasticAlpha
        self.elasticSigma = elasticSigma
        self.strokeWidth = strokeWidth
        self.flaggedOnes = flaggedOnes
        self.hookedNines = hookedNines
        self.canvasRedraw = canvasRedraw
    }

    /// Reads recipes recorded before `flaggedOnes`, `hookedNines` and `canvasRedraw` existed as
    /// recipes without them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        probability = try container.decode(Float.self, forKey: .probability)
        rotationDegrees = try container.decode(Float.self, forKey: .rotationDegrees)
        scale = try container.decode(Float.self, forKey: .scale)
        shear = try container.decode(Float.self, forKey: .shear)
        translation = try container.decode(Float.self, forKey: .translation)
        elasticAlpha = try container.decode(Float.self, forKey: .elasticAlpha)
        elasticSigma = try container.decode(Float.self, forKey: .elasticSigma)
        strokeWidth = try container.decode(Float.self, forKey: .strokeWidth)
        flaggedOnes = try container.decodeIfPresent(Float.self, forKey: .flaggedOnes) ?? 0
        hookedNines = try container.decodeIfPresent(Float.self, forKey: .hookedNines) ?? 0
        canvasRedraw = try container.decodeIfPresent(Float.self, forKey: .canvasRedraw) ?? 0
    }

    /// No variation.
    public static let none = Augmentation()

    /// Whether any option is on.
    public var isEnabled: Bool {
        flaggedOnes > 0 || hookedNines > 0 || canvasRedraw > 0 || isWarping
    }

    private var isWarping: Bool {
        probability > 0 && (rotationDegrees > 0 || scale > 0 || shear > 0 || translation > 0 || elasticAlpha > 0 || strokeWidth > 0)
    }

    /// A varied copy of a 28x28 image (values 0...1) of the digit `label`.
    public func apply(to pixels: [Float], label: Int, generator: inout SeededGenerator) -> [Float] {
        var image = pixels
        if label == 1, flaggedOnes > 0, generator.nextUniform() < flaggedOnes {
            image = WriterStrokes.flaggedOne(image, generator: &generator)
        }
        if label == 9, hookedNines > 0, generator.nextUniform() < hookedNines {
            image = WriterStrokes.hookedNine(image, generator: &generator)
        }
        if canvasRedraw > 0, generator.nextUniform() < canvasRedraw {
            image = Self.redrawnOnCanvas(image, generator: &generator)
        }
        guard isWarping, generator.nextUniform() < probability else { return image }
        if strokeWidth > 0, generator.nextUniform() < strokeWidth {
            image = generator.nextUniform() < 0.5 ? Morphology.dilate(image) : Morphology.erode(image)
        }
        return warp(image, generator: &generator)
    }

    /// `image` scaled up onto a canvas of random size and normalised as an upload is.
    static func redrawnOnCanvas(_ image: [Float], generator: inout SeededGenerator) -> [Float] {
        let side = 56 + Int(generator.nextUniform() * 225)  // 56...280: the uniform is below 1
        let canvas = MNISTCanvasRenderer(canvasSide: side).render(DigitImage(pixels: image))
        let normalized = DigitNormalizer().normalize(canvas)
        return normalized.isEmpty ? image : normalized.digit.pixels
    }

    private func warp(_ image: [Float], generator: inout SeededGenerator) -> [Float] {
        func uniform(_ limit: Float) -> Float { (generator.nextUniform() * 2 - 1) * limit }
        let angle = uniform(rotationDegrees) * .pi / 180
        let zoom = 1 + uniform(scale)
        let shearFactor = uniform(shear)
        let (dx, dy) = (uniform(translation), uniform(translation))
        let side = DigitImage.side
        var displacementX = [Float](repeating: 0, count: image.count)
        var displacementY = [Float](repeating: 0, count: image.count)
        if elasticAlpha > 0 {
            displacementX = Morphology.smoothNoise(generator: &generator, sigma: elasticSigma).map { $0 * elasticAlpha }
            displacementY = Morphology.smoothNoise(generator: &generator, sigma: elasticSigma).map { $0 * elasticAlpha }
        }
        // Inverse mapping: for each output pixel, where in the source does it come from?
        let (c, s) = (cos(angle), sin(angle))
        let centre = Float(side - 1) / 2
        var output = [Float](repeating: 0, count: image.count)
        for y in 0..<side {
            for x in 0..<side {
                let i = y * side + x
                let u = Float(x) - centre - dx
                let v = Float(y) - centre - dy
                var sx = (c * u + s * v) / zoom
                let sy = (-s * u + c * v) / zoom
                sx -= shearFactor * sy
                output[i] = Morphology.bilinear(image, x: sx + centre + displacementX[i], y: sy + centre + displacementY[i])
            }
        }
        return output
    }
}

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
