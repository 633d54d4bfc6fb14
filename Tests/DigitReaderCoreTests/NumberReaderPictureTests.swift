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
