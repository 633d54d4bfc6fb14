import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

/// Tiny checked-in image files (see Fixtures/make_fixtures.py for how each was made).
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    /// The RGBA values every colour fixture encodes (4 x 2 pixels, row-major).
    static let colours: [[UInt8]] = [
        [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255],
        [0, 0, 0], [128, 128, 128], [10, 20, 30], [200, 100, 50],
    ]
    static let alphas: [UInt8] = [255, 0, 128, 64, 255, 255, 1, 254]
    static let greys: [UInt8] = [0, 85, 170, 255, 10, 20, 30, 40]
}

/// Splits a raster into per-pixel RGBA arrays for readable comparisons.
private func rgba(_ image: RasterImage) -> [[UInt8]] {
    stride(from: 0, to: image.pixels.count, by: 4).map { Array(image.pixels[$0..<($0 + 4)]) }
}

@Suite("Image decoding")
struct ImagingDecoderTests {
    let decoder = ImageDecoder()

    @Test("8-bit and 16-bit grey PNGs decode to opaque grey RGBA", arguments: ["grey8.png", "grey16.png"])
    func greyPNG(name: String) throws {
        let image = try decoder.decode(try Fixture.bytes(name))
        #expect(image.width == 4 && image.height == 2)
        #expect(rgba(image) == Fixture.greys.map { [$0, $0, $0, 255] })
    }

    @Test("1-bit grey PNG expands to 0 and 255")
    func oneBitPNG() throws {
        let image = try decoder.decode(try Fixture.bytes("grey1.png"))
        #expect(image.width == 8 && image.height == 1)
        #expect(rgba(image).map { $0[0] } == [255, 0, 255, 255, 0, 0, 255, 0])
    }

    @Test("grey+alpha PNG keeps its alpha")
    func greyAlphaPNG() throws {
        let image = try decoder.decode(try Fixture.bytes("grey_alpha8.png"))
        #expect(rgba(image) == zip(Fixture.greys, Fixture.alphas).map { [$0, $0, $0, $1] })
    }

    @Test("grey PNG with a tRNS colour key makes that grey transparent")
    func greyColourKeyPNG() throws {
        let image = try decoder.decode(try Fixture.bytes("grey8_trns.png"))
        #expect(rgba(image) == Fixture.greys.map { [$0, $0, $0, $0 == 85 ? 0 : 255] })
    }

    @Test("RGB and palette PNGs decode to opaque RGBA", arguments: ["rgb8.png", "rgb16.png", "palette.png"])
    func opaqueColourPNG(name: String) throws {
        let image = try decoder.decode(try Fixture.bytes(name))
        #expect(image.width == 4 && image.height == 2)
        #expect(rgba(image) == Fixture.colours.map { $0 + [255] })
    }

    @Test("RGBA and palette+tRNS PNGs keep alpha", arguments: ["rgba8.png", "rgba16.png", "palette_trns.png"])
    func translucentColourPNG(name: String) throws {
        let image = try decoder.decode(try Fixture.bytes(name))
        #expect(rgba(image) == zip(Fixture.colours, Fixture.alphas).map { $0 + [$1] })
    }

    @Test("colour JPEGs decode (baseline and progressive)", arguments: ["baseline.jpg", "progressive.jpg"])
    func colourJPEG(name: String) throws {
        let image = try decoder.decode(try Fixture.bytes(name))
        #expect(image.width == 32 && image.height == 16)
        let left = image[4, 8], right = image[27, 8]
        #expect(left.red > 240 && left.green < 15 && left.blue < 15 && left.alpha == 255)
        #expect(right.red < 15 && right.green < 15 && right.blue > 240 && right.alpha == 255)
    }

    @Test("greyscale and CMYK JPEGs decode to black and white", arguments: ["grey.jpg", "cmyk.jpg"])
    func greyAndCMYKJPEG(name: String) throws {
        let image = try decoder.decode(try Fixture.bytes(name))
        #expect(image.width == 32 && image.height == 16)
        let left = image[4, 8], right = image[27, 8]
        #expect(left.red < 10 && left.green < 10 && left.blue < 10)
        #expect(right.red > 245 && right.green > 245 && right.blue > 245)
    }

    @Test("a JPEG's EXIF orientation is applied so photos come out upright")
    func exifOrientation() throws {
        let image = try decoder.decode(try Fixture.bytes("rotated_exif6.jpg"))
        #expect(image.width == 16 && image.height == 32)
        #expect(image[8, 4].red < 10)  // the stored left (black) half is now on top
        #expect(image[8, 27].red > 245)
        let stored = try ImageDecoder(appliesEXIFOrientation: false).decode(try Fixture.bytes("rotated_exif6.jpg"))
        #expect(stored.width == 32 && stored.height == 16)
    }

    @Test("decoding from raw memory matches decoding from an array")
    func rawBufferDecoding() throws {
        let bytes = try Fixture.bytes("rgba8.png")
        let fromBuffer = try bytes.withUnsafeBytes { buffer in try decoder.decode(buffer) }
        #expect(fromBuffer == (try decoder.decode(bytes)))
    }
}

@Suite("Image decoding failures")
struct ImagingDecoderFailureTests {
    let decoder = ImageDecoder()

    /// Runs the decoder and returns its typed error (or nil if it succeeded).
    func failure(_ bytes: [UInt8], decoder: ImageDecoder? = nil) -> ImageDecodingError? {
        do {
            _ = try (decoder ?? self.decoder).decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("empty input")
    func empty() {
        let error = failure([])
        #expect(error == .empty)
        #expect(error?.code == "empty_body")
    }

    @Test("random bytes are not an image")
    func randomBytes() throws {
        let error = failure(try Fixture.bytes("random.bin"))
        #expect(error == .notAnImage)
        #expect(error?.code == "not_an_image")
    }

    @Test("a PNG with a damaged signature is not an image")
    func wrongSignature() throws {
        #expect(failure(try Fixture.bytes("wrong_signature.png")) == .notAnImage)
    }

    @Test("a GIF is named as unsupported")
    func gif() throws {
        let error = failure(try Fixture.bytes("tiny.gif"))
        #expect(error == .unsupportedFormat("GIF"))
        #expect(error?.code == "unsupported_image_format")
        #expect(error?.description.contains("GIF") == true)
    }

    @Test("other known formats are named as unsupported", arguments: [
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), "WebP"),
        (Array("BM".utf8) + [UInt8](repeating: 0, count: 40), "BMP"),
        (Array("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), "SVG"),
        ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], "TIFF"),
    ])
    func otherFormats(bytes: [UInt8], name: String) {
        #expect(failure(bytes) == .unsupportedFormat(name))
    }

    @Test("truncated PNG and JPEG files are reported as truncated", arguments: ["truncated.png", "truncated.jpg"])
    func truncated(name: String) throws {
        let error = failure(try Fixture.bytes(name))
        guard case .truncated = error else {
            Issue.record("expected .truncated, got \(String(describing: error))")
            return
        }
        #expect(error?.code == "truncated_image")
    }

    /// Only PNG's 12-byte IEND chunk may be missing: the pixels are complete without it, and
    /// browsers show such files too. libjpeg reads ahead into the end marker, so a JPEG needs it.
    @Test("every prefix of a PNG or JPEG that cuts into the image fails cleanly", arguments: [
        ("rgba8.png", 12), ("progressive.jpg", 0), ("baseline.jpg", 0),
    ])
    func everyPrefix(name: String, endMarker: Int) throws {
        let bytes = try Fixture.bytes(name)
        if endMarker > 0 { #expect((try? decoder.decode(Array(bytes.dropLast(endMarker)))) != nil) }
        for length in 1..<(bytes.count - endMarker) {
            let error = failure(Array(bytes.prefix(length)))
            #expect(error != nil, "a \(length)-byte prefix of \(name) decoded")
        }
    }

    @Test("a PNG with a bad CRC or damaged compressed data is corrupt", arguments: ["bad_crc.png", "corrupt_idat.png"])
    func corruptPNG(name: String) throws {
        let error = failure(try Fixture.bytes(name))
        guard case .corrupt(let detail) = error else {
            Issue.record("expected .corrupt, got \(String(describing: error))")
            return
        }
        #expect(!detail.isEmpty)
        #expect(error?.code == "corrupt_image")
    }

    @Test("a header claiming 100000 x 100000 pixels is refused as too large")
    func hugeHeader() throws {
        let error = failure(try Fixture.bytes("huge_header.png"))
        #expect(error == .tooLarge(width: 100_000, height: 100_000, limit: 4096 * 4096))
        #expect(error?.code == "image_too_large")
    }

    @Test("the pixel budget is configurable")
    func pixelBudget() throws {
        let error = failure(try Fixture.bytes("baseline.jpg"), decoder: ImageDecoder(maxPixels: 100))
        #expect(error == .tooLarge(width: 32, height: 16, limit: 100))
    }

    @Test("zero width is reported as such")
    func zeroWidth() throws {
        let error = failure(try Fixture.bytes("zero_width.png"))
        #expect(error == .zeroSize)
        #expect(error?.code == "zero_size_image")
    }

    @Test("single damaged bytes never crash the decoder", arguments: ["rgba8.png", "baseline.jpg", "progressive.jpg"])
    func bitFlips(name: String) throws {
        let bytes = try Fixture.bytes(name)
        var generator = SplitMix64(seed: 1)
        for _ in 0..<300 {
            var damaged = bytes
            let position = Int(generator.next() % UInt64(bytes.count))
            damaged[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            _ = failure(damaged)  // any outcome but a crash is fine
        }
    }

    @Test("every error has a message and a snake_case code")
    func messages() {
        let errors: [ImageDecodingError] = [
            .empty, .notAnImage, .unsupportedFormat("GIF"), .truncated("x"), .corrupt("y"),
            .tooLarge(width: 1, height: 2, limit: 3), .zeroSize, .outOfMemory,
        ]
        for error in errors {
            #expect(error.description.count > 20)
            #expect(error.code.allSatisfy { $0.isLowercase || $0 == "_" })
        }
        #expect(Set(errors.map(\.code)).count == errors.count)
    }
}

/// A tiny deterministic random generator for repeatable fuzzing.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
