import DigitReaderCore
import DigitReaderTraining
import Testing

/// The shipped ensemble on photographed drawings (`PhotoRenderer`) by the training writers: a
/// photo reads as its canvas does, whichever way the sheet lies in the frame.
@Suite("Photo reading")
struct PhotoReadingTests {
    @Test("photographed digits read as their canvases, in every framing")
    func photographedDigits() throws {
        let digits = try (0..<10).flatMap { label in try NumberReaderTests.penDigits.get().filter { $0.label == label }.prefix(4) }
        let recognizer = try NumberReaderTests.ensemble()
        let normalizer = DigitNormalizer()
        let reads = { (image: RasterImage, label: Int) in
            Probabilities.argmax(recognizer.probabilities(for: normalizer.normalize(image).digit)) == label
        }
        let canvases = digits.map { RenderingVariant.medium.renderer().render($0.strokes) }
        let canvasRight = zip(canvases, digits).count { reads($0, $1.label) }
        var generator = SeededGenerator(seed: 11)
        for framing in PhotoRenderer.Framing.allCases {
            var right = 0
            for (canvas, digit) in zip(canvases, digits) where reads(PhotoRenderer().photograph(canvas, framing: framing, generator: &generator), digit.label) {
                right += 1
            }
            #expect(right >= canvasRight - 1, "\(framing): \(right) of \(digits.count) read, \(canvasRight) as canvases")
        }
    }

    /// Ten 4-digit numbers by the training writers, neighbours apart (segmentation is not what
    /// is tested here), and the ensemble.
    static func numbers() throws -> (numbers: [ComposedNumber], recognizer: any Recognizer) {
        var composer = NumberComposer()
        composer.touchingShare = 0
        composer.overlappingShare = 0
        var generator = SeededGenerator(seed: 5)
        let digits = try NumberReaderTests.penDigits.get()
        return ((0..<10).map { _ in composer.compose(length: 4, from: digits, generator: &generator) }, try NumberReaderTests.ensemble())
    }

    static func exact(_ reader: NumberReader, _ image: RasterImage, _ number: ComposedNumber, _ recognizer: any Recognizer) throws -> Bool {
        NumberReadingScore(try reader.read(image, with: recognizer), of: number).exact
    }

    @Test("photographed numbers read as their canvases, in every framing", arguments: PhotoRenderer.Framing.allCases)
    func photographedNumbers(framing: PhotoRenderer.Framing) throws {
        let (numbers, recognizer) = try Self.numbers()
        var generator = SeededGenerator(seed: 6)
        var right = (canvas: 0, photo: 0)
        for number in numbers {
            let photo = PhotoRenderer().photograph(number.canvas(), framing: framing, generator: &generator)
            if try Self.exact(NumberReader(), number.canvas(), number, recognizer) { right.canvas += 1 }
            if try Self.exact(NumberReader(), photo, number, recognizer) { right.photo += 1 }
        }
        #expect(right.photo >= right.canvas - 1, "\(right.photo) of 10 photos read exactly, \(right.canvas) canvases")
    }

    @Test("without PhotoPage a number on a sheet lying inside a table is not read")
    func sheetInsideATableNeedsCleaning() throws {
        let (numbers, recognizer) = try Self.numbers()
        var generator = SeededGenerator(seed: 6)
        var plain = NumberReader()
        plain.normalizer.cleansPhotos = false
        var right = 0
        for number in numbers where try Self.exact(plain, PhotoRenderer().photograph(number.canvas(), framing: .sheet, generator: &generator), number, recognizer) {
            right += 1
        }
        #expect(right <= 2, "\(right) of 10 read exactly")
    }
}
