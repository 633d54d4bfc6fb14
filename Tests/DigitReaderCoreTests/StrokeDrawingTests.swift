import DigitReaderCore
import Testing

/// Stroke drawings: validation limits, the brush rule, and drawing for the normaliser.
@Suite struct StrokeDrawingTests {
    static let seven: [[SIMD2<Float>]] = [[SIMD2(60, 50), SIMD2(220, 50)], [SIMD2(220, 50), SIMD2(120, 240)]]

    @Test func refusesWhatCannotBeDrawn() {
        #expect(throws: StrokeDrawingError.emptyStroke(1)) { try StrokeDrawing(strokes: [[SIMD2(1, 2)], []]) }
        #expect(throws: StrokeDrawingError.invalidCoordinate(stroke: 0)) { try StrokeDrawing(strokes: [[SIMD2(.nan, 2)]]) }
        #expect(throws: StrokeDrawingError.invalidCoordinate(stroke: 0)) { try StrokeDrawing(strokes: [[SIMD2(.infinity, 2)]]) }
        #expect(throws: StrokeDrawingError.invalidCoordinate(stroke: 0)) { try StrokeDrawing(strokes: [[SIMD2(2_000_000, 2)]]) }
        #expect(throws: StrokeDrawingError.invalidPadSize) { try StrokeDrawing(strokes: [[SIMD2(1, 2)]], width: 280) }
        #expect(throws: StrokeDrawingError.invalidPadSize) { try StrokeDrawing(strokes: [[SIMD2(1, 2)]], width: -1, height: 280) }
        let manyPoints = [[SIMD2<Float>]](repeating: [SIMD2<Float>](repeating: SIMD2(1, 2), count: 1_001), count: 20)
        #expect(throws: StrokeDrawingError.tooManyPoints(20_020)) { try StrokeDrawing(strokes: manyPoints) }
        let manyStrokes = [[SIMD2<Float>]](repeating: [SIMD2(1, 2)], count: 1_001)
        #expect(throws: StrokeDrawingError.tooManyStrokes(1_001)) { try StrokeDrawing(strokes: manyStrokes) }
    }

    @Test func brushFollowsThePadOrTheInk() throws {
        #expect(try StrokeDrawing(strokes: Self.seven, width: 280, height: 280).brushWidth == 20)
        #expect(try StrokeDrawing(strokes: Self.seven, width: 1120, height: 280).brushWidth == 20)
        // Without a pad the ink is 70% of its height: 190 tall gives a 190 / 9.8 brush.
        #expect(abs(try StrokeDrawing(strokes: Self.seven).brushWidth - 190 / 9.8) < 1e-3)
    }

    @Test func drawnPictureSpansTheInkSideWithWhitePage() throws {
        let picture = try StrokeDrawing(strokes: Self.seven, width: 280, height: 280).picture(of: [0, 1])
        #expect(picture.pageGrey == 255)
        // 190 units tall -> 96 px, plus a brush and a margin of 2 px on each side.
        #expect(picture.height == Int((96 + 2 * (20 * 96 / 190 / 2 + 2) as Float).rounded(.up)))
        #expect(picture.grey.contains(0))
        #expect(picture.grey.first == 255)
    }

    @Test func strokesNormaliseLikeTheSameCanvas() throws {
        let drawing = try StrokeDrawing(strokes: Self.seven, width: 280, height: 280)
        let fromStrokes = DigitNormalizer().normalize(drawing)
        let fromCanvas = DigitNormalizer().normalize(StrokeRenderer(canvasSide: 280, brushWidth: 20).renderPlaced(Self.seven))
        #expect(!fromStrokes.isEmpty)
        var difference: Float = 0
        for (a, b) in zip(fromStrokes.digit.pixels, fromCanvas.digit.pixels) { difference += abs(a - b) }
        // Same geometry drawn at two resolutions: the 28 x 28 inputs differ only at edges.
        #expect(difference / Float(DigitImage.side * DigitImage.side) < 0.05)
    }

    @Test func aSpeckOnALargePadIsEmpty() throws {
        let speck = try StrokeDrawing(strokes: [[SIMD2(100, 100), SIMD2(101, 101)]], width: 2000, height: 2000)
        #expect(DigitNormalizer().normalize(speck).isEmpty)
        #expect(DigitNormalizer().normalize(try StrokeDrawing(strokes: [])).isEmpty)
    }

    @Test func theUnitDoesNotMatterDownToTheSmallestFloats() throws {
        let reference = DigitNormalizer().normalize(try StrokeDrawing(strokes: Self.seven))
        for factor: Float in [1e-30, 1e-3, 1e3] {
            let scaled = Self.seven.map { stroke in stroke.map { $0 * factor } }
            let digit = DigitNormalizer().normalize(try StrokeDrawing(strokes: scaled))
            var difference: Float = 0
            for (a, b) in zip(digit.digit.pixels, reference.digit.pixels) { difference += abs(a - b) }
            #expect(difference / Float(DigitImage.pixelCount) < 1e-3, "seven scaled by \(factor)")
        }
        // Found by fuzzing: points a few subnormal steps apart once made the scale infinite.
        let subnormal = { (x: UInt32, y: UInt32) in SIMD2(Float(bitPattern: x), Float(bitPattern: y)) }
        let specks = [[subnormal(0x007F_C000, 0x007F_C000), subnormal(0x0041_2000, 0), subnormal(0x0000_87A0, 0x0041_F000)]]
        let tinyPad = Float.leastNonzeroMagnitude
        for drawing in [try StrokeDrawing(strokes: specks), try StrokeDrawing(strokes: Self.seven, width: tinyPad, height: tinyPad)] {
            let digit = DigitNormalizer().normalize(drawing)
            #expect(digit.digit.pixels.allSatisfy { $0.isFinite && (0...1).contains($0) })
        }
    }
}
