import DigitReaderCore
import Testing

/// Each step of `DigitNormalizer` on its own, on pictures whose answer is known.
@Suite("Normaliser steps")
struct NormalizerStepsTests {
    /// A `side` x `side` RGBA picture of `background` with the rectangles filled with `ink`.
    static func picture(side: Int, background: RGBAColour, ink: RGBAColour, rectangles: [PixelRegion]) -> RasterImage {
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        for y in 0..<side {
            for x in 0..<side {
                let inside = rectangles.contains { x >= $0.x && x < $0.x + $0.width && y >= $0.y && y < $0.y + $0.height }
                let colour = inside ? ink : background
                pixels.replaceSubrange((y * side + x) * 4..<(y * side + x) * 4 + 4, with: [colour.red, colour.green, colour.blue, colour.alpha])
            }
        }
        return RasterImage(width: side, height: side, pixels: pixels)
    }

    static func composite(_ image: RasterImage) -> CompositedPicture {
        image.pixels.withUnsafeBufferPointer { CompositedPicture(rgba: $0, width: image.width, height: image.height) }
    }

    /// A vertical bar 12 px wide and 120 px tall on a transparent 280 px canvas, as the page sends.
    static let bar = picture(side: 280, background: .transparent, ink: .black, rectangles: [PixelRegion(x: 134, y: 80, width: 12, height: 120)])

    @Test("compositing puts a transparent canvas on a white page and shrinks it to working size")
    func composited() {
        let picture = Self.composite(Self.bar)
        #expect(picture.factor == 2 && picture.width == 140 && picture.height == 140)
        #expect(picture.pageGrey == 255)
        #expect(picture.grey[0] == 255, "the transparent corner takes the page colour")
        #expect(picture.grey[70 * 140 + 70] == 0, "the black bar stays black")
        #expect(picture.histogram.reduce(0, +) == 140 * 140)
        #expect(picture.histogram[0] == 6 * 60)
    }

    @Test("the ink scale finds dark ink on a light page, light ink on a dark one, and no ink on a blank page")
    func inkScale() {
        let dark = InkScale(Self.composite(Self.bar), minimumContrast: 0.12)
        #expect(dark.polarity == .darkOnLight && dark.hasInk)
        #expect(dark.lookup[255] == 0 && dark.lookup[0] == 1)
        let light = InkScale(Self.composite(Self.picture(side: 64, background: .black, ink: .white, rectangles: [PixelRegion(x: 30, y: 10, width: 4, height: 40)])), minimumContrast: 0.12)
        #expect(light.polarity == .lightOnDark && light.lookup[255] == 1 && light.lookup[0] == 0)
        let blank = InkScale(Self.composite(Self.picture(side: 64, background: .white, ink: .white, rectangles: [])), minimumContrast: 0.12)
        #expect(!blank.hasInk)
        let faint = Self.picture(side: 64, background: .white, ink: RGBAColour(red: 240, green: 240, blue: 240), rectangles: [PixelRegion(x: 30, y: 10, width: 4, height: 40)])
        #expect(!InkScale(Self.composite(faint), minimumContrast: 0.12).hasInk, "6% contrast is under the 12% asked for")
    }

    @Test("the ink map keeps the digit, leaves a far speck out of its bounds, and bounds what it kept")
    func inkMap() throws {
        let withSpeck = Self.picture(
            side: 128, background: .white, ink: .black,
            rectangles: [PixelRegion(x: 60, y: 30, width: 6, height: 60), PixelRegion(x: 2, y: 120, width: 2, height: 2)])
        let picture = Self.composite(withSpeck)
        let map = try #require(InkMap(picture, scale: InkScale(picture, minimumContrast: 0.12)))
        #expect(map.bounds == PixelRegion(x: 60, y: 30, width: 6, height: 60))
        #expect(map.ink[60 * 128 + 62] == 1)
    }

    @Test("fine ink measures the stroke width and moves the edges towards a target")
    func fineInk() throws {
        let picture = Self.composite(Self.bar)
        let map = try #require(InkMap(picture, scale: InkScale(picture, minimumContrast: 0.12)))
        var fine = FineInk(map, boxSide: 20)
        #expect(max(fine.width, fine.height) == 80 + 2 * FineInk.padding)
        // A 6 x 60 bar at 80/60 scale is 8 fine pixels wide; 2 x area / perimeter of a
        // rectangle w x h is 2wh / (2w + 2h), a little under w.
        #expect(abs(fine.strokeWidth - 2 * 8 * 80 / (2 * 8 + 2 * 80)) < 0.5)
        fine.adjustStrokes(toWidth: 4, boxSide: 20)
        let thinned = fine.currentStrokeWidth
        #expect(thinned < fine.strokeWidth - 2, "thinning towards 4 fine pixels: \(thinned)")
    }

    @Test("fitting puts the longer side at the box size and centring puts the mass at the centre")
    func fitted() throws {
        let picture = Self.composite(Self.bar)
        let map = try #require(InkMap(picture, scale: InkScale(picture, minimumContrast: 0.12)))
        let fitted = FittedInk(map, boxSide: 20)
        #expect(fitted.height == 20 && fitted.width == 2)
        let digit = try #require(fitted.centred(at: 14))
        let mass = digit.pixels.reduce(0, +)
        let x = digit.pixels.indices.reduce(Float(0)) { $0 + digit.pixels[$1] * Float($1 % 28) } / mass
        let y = digit.pixels.indices.reduce(Float(0)) { $0 + digit.pixels[$1] * Float($1 / 28) } / mass
        #expect(abs(x - 14) <= 0.5 && abs(y - 14) <= 0.5)
        #expect(FittedInk(map, boxSide: 20).pixels.count == fitted.width * fitted.height)
    }
}
