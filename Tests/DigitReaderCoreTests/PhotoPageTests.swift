import DigitReaderCore
import DigitReaderTraining
import Testing

/// `PhotoPage` on grey photos whose page, light and surroundings are known.
@Suite("Photo page")
struct PhotoPageTests {
    /// A `width` x `height` grey photo: `level(x, y)` plus seeded Gaussian noise of `noise` levels.
    static func photoImage(width: Int = 160, height: Int = 160, noise: Float = 6, level: (Int, Int) -> Float) -> RasterImage {
        var generator = SeededGenerator(seed: 7)
        var grey = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                grey[y * width + x] = UInt8(min(max(level(x, y) + noise * generator.nextGaussian(), 0), 255).rounded())
            }
        }
        return RasterImage(width: width, height: height, grey: grey)
    }

    static func photo(level: (Int, Int) -> Float) -> CompositedPicture {
        NormalizerStepsTests.composite(photoImage(level: level))
    }

    /// A vertical bar of ink, 10 px wide, from `top` to `bottom`.
    static func isBar(_ x: Int, _ y: Int, top: Int = 30, bottom: Int = 110) -> Bool {
        (72..<82).contains(x) && (top..<bottom).contains(y)
    }

    /// The share of the pixels where `inside` holds whose ink intensity passes `test`.
    static func share(_ cleaned: (picture: CompositedPicture, scale: InkScale), where inside: (Int, Int) -> Bool, _ test: (Float) -> Bool) -> Double {
        let picture = cleaned.picture
        var (count, passing) = (0, 0)
        for y in 0..<picture.height {
            for x in 0..<picture.width where inside(x, y) {
                count += 1
                if test(cleaned.scale.lookup[Int(picture.grey[y * picture.width + x])]) { passing += 1 }
            }
        }
        return Double(passing) / Double(max(count, 1))
    }

    @Test("pictures without a noisy page (canvases, MNIST, bitmaps with ink across the border) pass untouched")
    func cleanPicturesPassUntouched() {
        let mnistLike = NormalizerStepsTests.picture(side: 28, background: .black, ink: .white, rectangles: [PixelRegion(x: 12, y: 4, width: 4, height: 20)])
        // Ink over more than a quarter of the border: the border's deviation is large, but not noise.
        let bitmap = NormalizerStepsTests.picture(side: 32, background: .white, ink: .black, rectangles: [PixelRegion(x: 0, y: 0, width: 32, height: 12)])
        for image in [NormalizerStepsTests.bar, mnistLike, bitmap] {
            let picture = NormalizerStepsTests.composite(image)
            let cleaned = PhotoPage.cleaned(picture, minimumContrast: 0.12)
            #expect(cleaned.picture.grey == picture.grey)
            #expect(cleaned.scale.lookup == InkScale(picture, minimumContrast: 0.12).lookup)
        }
    }

    @Test("a band of table where the sheet ends short of an edge is painted over; the writing stays")
    func bandBeyondThePageIsPaintedOver() {
        let picture = Self.photo { x, y in y >= 146 ? 120 : Self.isBar(x, y) ? 50 : 200 }
        let cleaned = PhotoPage.cleaned(picture, minimumContrast: 0.12)
        #expect(Self.share(cleaned, where: { _, y in y >= 146 }) { $0 > 0 } < 0.01)
        #expect(Self.share(cleaned, where: { Self.isBar($0, $1) }) { $0 >= 0.5 } > 0.95)
        let raw = InkScale(picture, minimumContrast: 0.12)
        #expect(Self.share((picture, raw), where: { _, y in y >= 148 }) { $0 > 0 } > 0.9, "without the step the band is ink")
    }

    @Test("a digit's ink inside a photo with a band of table is bounded by the digit, not the band")
    func normalisedDigitIgnoresTheBand() {
        let image = Self.photoImage { x, y in y >= 146 ? 90 : Self.isBar(x, y) ? 50 : 200 }
        let bounds = DigitNormalizer().normalize(image).inkBounds
        #expect(bounds.map { $0.y + $0.height <= 112 } == true, "ink bounds \(String(describing: bounds))")
        var plain = DigitNormalizer()
        plain.cleansPhotos = false
        #expect(plain.normalize(image).inkBounds.map { $0.y + $0.height >= 150 } == true, "without the step the band is part of the digit")
    }

    @Test("a stroke that runs off the picture's edge is writing, not surroundings")
    func strokeRunningOffTheEdgeIsKept() {
        let picture = Self.photo { x, y in Self.isBar(x, y, top: 40, bottom: 160) ? 50 : 200 }
        let cleaned = PhotoPage.cleaned(picture, minimumContrast: 0.12)
        #expect(Self.share(cleaned, where: { Self.isBar($0, $1, top: 40, bottom: 160) }) { $0 >= 0.5 } > 0.95)
        #expect(Self.share(cleaned, where: { x, y in Self.isBar(x, y, top: 150, bottom: 160) }) { $0 >= 0.5 } > 0.95)
    }

    @Test("uneven light: the page reads as no ink from its bright side to its dark side, and ink stays ink")
    func unevenLightIsEvenedOut() {
        // Light falling off by 55% from left to right; two bars of ink under the same light.
        let light = { (x: Int) in 1 - 0.55 * Float(x) / 160 }
        let isInk = { (x: Int, y: Int) in (20..<28).contains(x) && (30..<130).contains(y) || (130..<138).contains(x) && (30..<130).contains(y) }
        let picture = Self.photo { x, y in (isInk(x, y) ? 45 : 225) * light(x) }
        let cleaned = PhotoPage.cleaned(picture, minimumContrast: 0.12)
        let farFromInk = { (x: Int, y: Int) in !(14..<34).contains(x) && !(124..<144).contains(x) }
        #expect(Self.share(cleaned, where: farFromInk) { $0 >= 0.35 } < 0.001, "no solid ink on the page")
        #expect(Self.share(cleaned, where: isInk) { $0 >= 0.5 } > 0.95)
        #expect(cleaned.scale.noise < InkScale(picture, minimumContrast: 0.12).noise / 2, "the page's noise is measured over the page, not the light's fall")
    }

    @Test("a sheet lying inside a darker table: the sheet is the page, the table is painted over")
    func sheetInsideATable() {
        let onSheet = { (x: Int, y: Int) in (20..<140).contains(x) && (20..<140).contains(y) }
        let picture = Self.photo { x, y in !onSheet(x, y) ? 110 : Self.isBar(x, y) ? 50 : 215 }
        #expect(InkScale(picture, minimumContrast: 0.12).polarity == .lightOnDark, "the border alone takes the sheet for light ink")
        let cleaned = PhotoPage.cleaned(picture, minimumContrast: 0.12)
        #expect(cleaned.scale.polarity == .darkOnLight)
        #expect(Self.share(cleaned, where: { !onSheet($0, $1) }) { $0 > 0 } < 0.01)
        #expect(Self.share(cleaned, where: { Self.isBar($0, $1) }) { $0 >= 0.5 } > 0.95)
    }
}
