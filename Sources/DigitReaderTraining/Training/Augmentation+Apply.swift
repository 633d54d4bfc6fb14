import DigitReaderCore
import Foundation

extension Augmentation {
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

    /// A pen digit's strokes about to be drawn for training: with probability `strokeGaps`, one
    /// short piece erased (`StrokeGaps`), then leaned and stretched by up to `penSlant` and
    /// `penStretch` (`StrokeWarp`). Draws nothing from `generator` for options at 0, so recipes
    /// without them render exactly as before.
    public func apply(toStrokes strokes: [[SIMD2<Float>]], generator: inout SeededGenerator) -> [[SIMD2<Float>]] {
        var strokes = strokes
        if strokeGaps > 0, generator.nextUniform() < strokeGaps {
            strokes = StrokeGaps.cut(strokes, using: &generator)
        }
        guard penSlant > 0 || penStretch > 0 else { return strokes }
        func uniform(_ limit: Float) -> Float { limit > 0 ? (generator.nextUniform() * 2 - 1) * limit : 0 }
        let warp = StrokeWarp(slant: uniform(penSlant), stretch: 1 + uniform(penStretch))
        return warp.apply(to: strokes)
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
