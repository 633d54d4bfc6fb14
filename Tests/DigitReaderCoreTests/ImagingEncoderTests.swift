import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("PNG encoding")
struct ImagingEncoderTests {
    @Test("greyscale PNGs round-trip through the decoder")
    func roundTrip() throws {
        let grey = (0..<(7 * 5)).map { UInt8($0 * 7) }
        let png = try PNGEncoder().encode(grey: grey, width: 7, height: 5)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let image = try ImageDecoder().decode(png)
        #expect(image == RasterImage(width: 7, height: 5, grey: grey))
    }

    @Test("a wrong pixel count is a typed error")
    func invalidSize() {
        #expect(throws: PNGEncodingError.invalidSize(width: 3, height: 3, pixelCount: 4)) {
            try PNGEncoder().encode(grey: [0, 0, 0, 0], width: 3, height: 3)
        }
    }

    @Test("a DigitImage becomes a PNG data URL showing white ink on black")
    func dataURL() throws {
        var pixels = [Float](repeating: 0, count: DigitImage.pixelCount)
        pixels[14 * 28 + 14] = 1
        pixels[0] = 0.5
        let url = try DigitImage(pixels: pixels).pngDataURL()
        let prefix = "data:image/png;base64,"
        #expect(url.hasPrefix(prefix))
        let data = try #require(Data(base64Encoded: String(url.dropFirst(prefix.count))))
        let image = try ImageDecoder().decode(Array(data))
        #expect(image.width == 28 && image.height == 28)
        #expect(image[14, 14].red == 255)
        #expect(image[0, 0].red == 128)
        #expect(image[1, 0].red == 0)
    }
}
