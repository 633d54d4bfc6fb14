import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

/// Hand-made pen trajectories (y grows downwards) for digits with known geometry.
enum Strokes {
    static let seven: [[SIMD2<Float>]] = [[SIMD2(0, 0), SIMD2(60, 0), SIMD2(40, 45), SIMD2(25, 100)]]
    static let one: [[SIMD2<Float>]] = [[SIMD2(0, 0), SIMD2(0, 100)]]
    static let four: [[SIMD2<Float>]] = [[SIMD2(40, 0), SIMD2(0, 65), SIMD2(60, 65)], [SIMD2(45, 30), SIMD2(45, 100)]]
    static let zero: [[SIMD2<Float>]] = [
        (0...24).map { step in
            let angle = Float(step) / 24 * 2 * .pi
            return SIMD2(35 * sin(angle), -50 * cos(angle))
        }
    ]
}

/// Mean absolute difference per pixel between two digits.
func difference(_ a: DigitImage, _ b: DigitImage) -> Float {
    zip(a.pixels, b.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(DigitImage.pixelCount)
}

/// Largest pixel change between `a` and `b` moved by a whole-pixel shift.
func maximumChange(_ a: DigitImage, _ b: DigitImage, shiftX: Int, shiftY: Int) -> Float {
    var largest: Float = 0
    for y in 0..<DigitImage.side {
        for x in 0..<DigitImage.side {
            let sx = x + shiftX, sy = y + shiftY
            let shifted = (0..<DigitImage.side).contains(sx) && (0..<DigitImage.side).contains(sy) ? b[sy, sx] : 0
            largest = max(largest, abs(a[y, x] - shifted))
        }
    }
    return largest
}

/// Centre of mass in pixel-index coordinates.
func centreOfMass(_ digit: DigitImage) -> SIMD2<Float> {
    var mass: Float = 0
    var sum = SIMD2<Float>(0, 0)
    for y in 0..<DigitImage.side {
        for x in 0..<DigitImage.side {
            mass += digit[y, x]
            sum += SIMD2(Float(x), Float(y)) * digit[y, x]
        }
    }
    return sum / mass
}

/// Columns and rows that hold ink (> 0.1).
func inkExtent(_ digit: DigitImage) -> (width: Int, height: Int) {
    var columns = Set<Int>(), rows = Set<Int>()
    for y in 0..<DigitImage.side {
        for x in 0..<DigitImage.side where digit[y, x] > 0.1 {
            columns.insert(x)
            rows.insert(y)
        }
    }
    return ((columns.max() ?? -1) - (columns.min() ?? 0) + 1, (rows.max() ?? -1) - (rows.min() ?? 0) + 1)
}

@Suite("Digit normalisation")
struct NormalizationTests {
    let normalizer = DigitNormalizer()

    func normalized(_ strokes: [[SIMD2<Float>]], _ renderer: StrokeRenderer) -> NormalizedDigit {
        normalizer.normalize(renderer.render(strokes))
    }

    @Test("a canvas digit comes out MNIST-like: 20 px box, centre of mass at (14, 14)",
          arguments: RenderingVariant.standard)
    func mnistGeometry(variant: RenderingVariant) {
        let result = normalized(Strokes.seven, variant.renderer())
        #expect(!result.isEmpty)
        #expect(result.polarity == .darkOnLight)
        let centre = centreOfMass(result.digit)
        #expect(abs(centre.x - 14) <= 0.5 && abs(centre.y - 14) <= 0.5, "centre of mass \(centre)")
        let extent = inkExtent(result.digit)
        #expect((19...21).contains(max(extent.width, extent.height)), "extent \(extent)")
        #expect(result.digit.pixels.max() ?? 0 > 0.95)
    }

    @Test("size, position, brush and polarity do not change the result", arguments: [
        StrokeRenderer(brushWidth: 6, span: 0.35),
        StrokeRenderer(brushWidth: 30, span: 0.9),
        StrokeRenderer(brushWidth: 14, span: 0.45, centre: SIMD2(0.3, 0.3)),
        StrokeRenderer(brushWidth: 14, span: 0.45, centre: SIMD2(0.72, 0.7)),
        StrokeRenderer(brushWidth: 16, span: 0.7, ink: .black, background: .white),
        StrokeRenderer(brushWidth: 16, span: 0.7, ink: .white, background: .black),
        StrokeRenderer(brushWidth: 16, span: 0.7, ink: .white, background: .transparent),
        StrokeRenderer(brushWidth: 16, span: 0.7, ink: RGBAColour(red: 20, green: 40, blue: 160), background: .transparent),
        StrokeRenderer(canvasSide: 64, brushWidth: 4, span: 0.7),
        StrokeRenderer(canvasSide: 900, brushWidth: 40, span: 0.6, ink: .black, background: .white),
    ])
    func invariance(renderer: StrokeRenderer) {
        let reference = normalized(Strokes.four, StrokeRenderer(brushWidth: 16, span: 0.7))
        let result = normalized(Strokes.four, renderer)
        #expect(!result.isEmpty)
        #expect(difference(result.digit, reference.digit) < 0.06)
    }

    @Test("polarity is detected for dark-on-light and light-on-dark pictures")
    func polarity() {
        let dark = normalized(Strokes.zero, StrokeRenderer(ink: .black, background: .white))
        let light = normalized(Strokes.zero, StrokeRenderer(ink: .white, background: .black))
        #expect(dark.polarity == .darkOnLight)
        #expect(light.polarity == .lightOnDark)
        // Not bit-identical: 8-bit rounding differs where a pixel is exactly half covered.
        #expect(difference(dark.digit, light.digit) < 0.03)
    }

    @Test("a tall thin 1 keeps its aspect ratio")
    func aspectRatio() {
        let result = normalized(Strokes.one, StrokeRenderer(brushWidth: 16, span: 0.7))
        let extent = inkExtent(result.digit)
        #expect(extent.height == 20)
        #expect(extent.width <= 4, "a 1 must stay thin, got \(extent)")
    }

    @Test("a 6 px and a 30 px brush give MNIST-like stroke widths")
    func strokeWidth() {
        let thin = normalized(Strokes.seven, StrokeRenderer(brushWidth: 6, span: 0.35))
        let thick = normalized(Strokes.seven, StrokeRenderer(brushWidth: 36, span: 0.3))
        #expect(thin.strokeWidthAdjusted && thick.strokeWidthAdjusted)
        for result in [thin, thick] {
            let width = DigitNormalizer.measureStrokeWidth(result.digit)
            #expect(width > 1.9 && width < 3.3, "stroke width \(width)")
        }
        #expect(difference(thin.digit, thick.digit) < 0.06)
    }

    @Test("normalising a normalised digit changes nothing (MNIST passes through)")
    func idempotent() {
        for (name, strokes) in [("7", Strokes.seven), ("1", Strokes.one), ("4", Strokes.four), ("0", Strokes.zero)] {
            let once = normalized(strokes, StrokeRenderer())
            let twice = normalizer.normalize(RasterImage(once.digit))
            #expect(!twice.strokeWidthAdjusted)
            // Only the 8-bit rounding of RasterImage(_:) may show, and a symmetric digit whose
            // centre of mass sits exactly between two pixels may round to either of them.
            let change = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)].map { shift in
                maximumChange(once.digit, twice.digit, shiftX: shift.0, shiftY: shift.1)
            }.min() ?? 1
            #expect(change < 0.003, "digit \(name) changed by up to \(change)")
        }
    }

    @Test("empty canvases are reported as empty", arguments: [
        RasterImage(width: 280, height: 280, red: 0, green: 0, blue: 0, alpha: 0),
        RasterImage(width: 280, height: 280, red: 255, green: 255, blue: 255, alpha: 255),
        RasterImage(width: 28, height: 28, red: 0, green: 0, blue: 0, alpha: 255),
        RasterImage(width: 1, height: 1, red: 0, green: 0, blue: 0, alpha: 255),
    ])
    func emptyCanvas(image: RasterImage) {
        let result = normalizer.normalize(image)
        #expect(result.isEmpty)
        #expect(result.digit == .blank)
        #expect(result.inkBounds == nil)
    }

    @Test("a single speck or dot is empty, not a digit")
    func speck() {
        let renderer = StrokeRenderer(brushWidth: 5)
        #expect(normalizer.normalize(renderer.renderPlaced([[SIMD2(100, 120)]])).isEmpty)
        let dot = StrokeRenderer(brushWidth: 30).renderPlaced([[SIMD2(140, 140)]])
        #expect(normalizer.normalize(dot).isEmpty)
    }

    @Test("faint uniform noise is empty")
    func noise() {
        var generator = SplitMix64(seed: 3)
        let grey = (0..<(200 * 200)).map { _ in UInt8(118 + Int(generator.next() % 21)) }
        #expect(normalizer.normalize(RasterImage(width: 200, height: 200, grey: grey)).isEmpty)
    }

    @Test("a stray speck far from the digit is ignored")
    func strayspeck() {
        let renderer = StrokeRenderer(brushWidth: 16, span: 0.5, centre: SIMD2(0.45, 0.45))
        let clean = normalizer.normalize(renderer.render(Strokes.seven))
        var placed = renderer.render(Strokes.seven).pixels
        for y in 262..<266 {
            for x in 266..<270 { placed[4 * (y * 280 + x) + 3] = 255 }
        }
        let dirty = normalizer.normalize(RasterImage(width: 280, height: 280, pixels: placed))
        #expect(difference(clean.digit, dirty.digit) < 0.002)
    }

    @Test("a photo-like picture (grey paper, noise, faint ink) reads like the clean drawing")
    func photoLike() {
        let reference = normalized(Strokes.seven, StrokeRenderer(ink: .black, background: .white))
        let clean = StrokeRenderer(ink: .black, background: .white).render(Strokes.seven)
        var generator = SplitMix64(seed: 9)
        var grey = [UInt8](repeating: 0, count: 280 * 280)
        for index in grey.indices {
            // Paper at about 180 with a gentle left-to-right gradient, ink at about 70, noise +-6.
            let coverage = 1 - Float(clean.pixels[4 * index]) / 255
            let paper = 170 + Float(index % 280) / 28
            let value = paper - coverage * 105 + Float(Int(generator.next() % 13) - 6)
            grey[index] = UInt8(min(max(value, 0), 255))
        }
        let result = normalizer.normalize(RasterImage(width: 280, height: 280, grey: grey))
        #expect(!result.isEmpty)
        #expect(result.polarity == .darkOnLight)
        #expect(difference(result.digit, reference.digit) < 0.06)
    }

    @Test("decoding and normalising a canvas PNG works end to end")
    func endToEnd() throws {
        let canvas = StrokeRenderer(ink: .black, background: .white).render(Strokes.zero)
        let grey = stride(from: 0, to: canvas.pixels.count, by: 4).map { canvas.pixels[$0] }
        let png = try PNGEncoder().encode(grey: grey, width: 280, height: 280)
        let result = normalizer.normalize(try ImageDecoder().decode(png))
        #expect(!result.isEmpty)
        #expect(difference(result.digit, normalizer.normalize(canvas).digit) < 0.001)
    }
}
