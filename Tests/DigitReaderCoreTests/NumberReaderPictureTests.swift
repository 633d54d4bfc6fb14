import DigitReaderCore
import Testing

/// `NumberReader` on pictures: which ink it takes as separate pieces.
@Suite struct NumberReaderPictureTests {
    /// A white picture of the page's number pad height with black bars over `columns`, rows 40
    /// to 240.
    static func bars(_ columns: [Range<Int>], width: Int = 400) -> RasterImage {
        let height = 280
        var grey = [UInt8](repeating: 255, count: width * height)
        for range in columns {
            for y in 40..<240 {
                for x in range { grey[y * width + x] = 0 }
            }
        }
        return RasterImage(width: width, height: height, grey: grey)
    }

    /// Two strokes a pixel apart: averaging the picture down to half its height joins them into
    /// one blob, narrower than touching digits are, read as one digit.
    static let hairApart = bars([100..<120, 121..<141])

    @Test func neighboursAHairApartStayApart() throws {
        let reading = try NumberReader().read(Self.hairApart, with: NumberReaderLimitTests.CountingRecognizer())
        #expect(reading.digits.count == 2)
        #expect(reading.digits.map(\.box.minX) == [100, 121])
    }

    @Test func halvingThePictureJoinsThem() throws {
        // The same picture read at half its height: the contrast that shows the first test
        // checks the working resolution.
        var reader = NumberReader()
        reader.workingHeight = 140
        let reading = try reader.read(Self.hairApart, with: NumberReaderLimitTests.CountingRecognizer())
        #expect(reading.digits.count == 1)
    }
}

/// Two digits whose inks touch at a narrow neck, with the columns they take overlapping.
@Suite struct NumberReaderNeckTests {
    /// An "L" whose foot reaches under a bar that touches the foot's tip: no straight cut
    /// separates them (every column through the bar also holds the foot's tip).
    static let footUnderBar = StrokeRenderer(brushWidth: 20).renderPlaced(
        [[SIMD2(60, 40), SIMD2(60, 240), SIMD2(190, 240)], [SIMD2(196, 40), SIMD2(196, 222)]], width: 320, height: 280)

    /// Which of the two digits the reader can offer the recognizer on its own: a candidate
    /// holding the bar (most of its ink) and nothing of the foot, and one holding the L's stem
    /// and the tip of its foot and nothing of the bar above the foot.
    static func separable(by reader: NumberReader) throws -> (bar: Bool, l: Bool) {
        let (factor, candidates) = try reader.candidates(in: footUnderBar)
        try #require(factor == 1)
        let points = candidates.map { $0.inkPixels.map { (x: $0 % 320, y: $0 / 320) } }
        let bar = points.contains { ink in ink.count > 3_000 && ink.allSatisfy { $0.x >= 184 && $0.y < 236 } }
        let l = points.contains { ink in
            ink.contains { $0.x < 70 && $0.y < 100 } && ink.contains { $0.x >= 190 && $0.y > 240 } && !ink.contains { $0.x >= 186 && $0.y < 220 }
        }
        return (bar, l)
    }

    @Test func touchingDigitsAreSplitAtTheNeck() throws {
        let separable = try Self.separable(by: NumberReader())
        #expect(separable.bar)
        #expect(separable.l)
    }

    @Test func columnCutsAloneCannotSplitThem() throws {
        // The same picture without neck splitting: the contrast that shows the first test
        // checks it.
        var reader = NumberReader()
        reader.neckDepthRatio = 0
        let separable = try Self.separable(by: reader)
        #expect(!separable.bar && !separable.l)
    }
}
