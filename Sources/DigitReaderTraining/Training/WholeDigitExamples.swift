import DigitReaderCore

/// What `WholeDigitVerifier` learns from: numbers composed from pen digits, drawn as pictures,
/// cut into candidate digits by `NumberReader` exactly as when reading, and each candidate
/// labelled by how much of one true digit's ink it holds.
///
/// A candidate holding at least `wholeShare` of one digit's ink, with at least `wholeShare` of its
/// own ink from that digit, is whole (label 1): cuts between touching digits shave a little off
/// one or the other, and such a digit still reads. Below `brokenShare` on either count it is not
/// (label 0): half a digit, or a digit with much of its neighbour. Those in between are left out
/// rather than taught either way.
public struct WholeDigitExamples: Sendable {
    /// Composes the numbers: more neighbours touch than in `benchmark --numbers`, as touching
    /// pairs are where cuts are made.
    public var composer: NumberComposer
    /// Cuts the pictures into candidates.
    public var reader = NumberReader()
    /// Brush widths, as fractions of the picture's height, drawn per number: the page's pad
    /// draws with 1/14, scans and photos come thinner or bolder.
    public var brushes: ClosedRange<Float> = 0.05...0.1
    /// Lengths of the numbers, drawn per number.
    public var lengths: ClosedRange<Int> = 2...6
    /// See the type's documentation.
    public static let wholeShare: Float = 0.85
    /// See the type's documentation.
    public static let brokenShare: Float = 0.7
    /// Coverage from which a pixel of a digit's drawing counts as its ink (`InkBlobs`' level).
    static let inkCoverage: Float = 0.35

    public init() {
        composer = NumberComposer()
        composer.touchingShare = 0.35
        composer.overlappingShare = 0.25
    }

    /// Examples from `count` numbers, each by one training writer among `digits`: the digits
    /// of validation writers are dropped, whatever the caller passes (`HandwritingSplit`).
    public func training(
        count: Int, from digits: [PenDigit], generator: inout SeededGenerator
    ) throws(NumberReadingError) -> [(image: DigitImage, label: Int)] {
        try examples(count: count, from: HandwritingSplit.training(digits), generator: &generator)
    }

    /// Examples from `count` numbers, each by one validation writer among `digits`.
    public func validation(
        count: Int, from digits: [PenDigit], generator: inout SeededGenerator
    ) throws(NumberReadingError) -> [(image: DigitImage, label: Int)] {
        try examples(count: count, from: HandwritingSplit.validation(digits), generator: &generator)
    }

    /// Examples from `count` numbers written with `digits` (none without digits).
    private func examples(
        count: Int, from digits: [PenDigit], generator: inout SeededGenerator
    ) throws(NumberReadingError) -> [(image: DigitImage, label: Int)] {
        guard !digits.isEmpty else { return [] }
        var examples: [(image: DigitImage, label: Int)] = []
        for _ in 0..<count {
            let length = lengths.lowerBound + Int(generator.next() % UInt64(lengths.count))
            let number = composer.compose(length: length, from: digits, generator: &generator)
            let brush = number.height * generator.nextUniform(in: brushes)
            examples += try self.examples(of: number, brush: brush)
        }
        return examples
    }

    /// The labelled candidates of one number drawn with `brush`. A number too large to be read at
    /// full resolution gives none: its candidates' ink would not line up with its digits'.
    public func examples(of number: ComposedNumber, brush: Float) throws(NumberReadingError) -> [(image: DigitImage, label: Int)] {
        let (width, height) = (Int(number.width.rounded(.up)), Int(number.height.rounded(.up)))
        let picture = StrokeRenderer(brushWidth: brush).renderPlaced(number.strokes, width: width, height: height)
        let found = try reader.candidates(in: picture)
        guard found.factor == 1 else { return [] }
        let masks = number.digits.indices.map { digit in
            Self.ink(of: zip(number.strokes, number.strokeDigits).filter { $0.1 == digit }.map(\.0), brush: brush, width: width, height: height)
        }
        let sizes = masks.map { $0.count(where: { $0 }) }
        return found.candidates.compactMap { candidate in
            Self.label(candidate.inkPixels, digits: masks, sizes: sizes).map { (candidate.digit, $0) }
        }
    }

    /// 1 when `pixels` are one whole digit of `digits` (each digit's ink mask, holding `sizes`
    /// pixels), 0 when they are not, nil in between (see the type's documentation).
    public static func label(_ pixels: [Int], digits: [[Bool]], sizes: [Int]) -> Int? {
        var best: (coverage: Float, purity: Float) = (0, 0)
        for (mask, size) in zip(digits, sizes) {
            let shared = Float(pixels.count(where: { mask[$0] }))
            let coverage = shared / Float(max(size, 1))
            let purity = shared / Float(max(pixels.count, 1))
            if coverage * purity > best.coverage * best.purity { best = (coverage, purity) }
        }
        if min(best.coverage, best.purity) >= wholeShare { return 1 }
        if min(best.coverage, best.purity) < brokenShare { return 0 }
        return nil
    }

    /// Which pixels of a `width` x `height` picture `strokes` drawn with `brush` ink.
    static func ink(of strokes: [[SIMD2<Float>]], brush: Float, width: Int, height: Int) -> [Bool] {
        var coverage = [Float](repeating: 0, count: width * height)
        coverage.withUnsafeMutableBufferPointer {
            StrokeRenderer.addCoverage(of: strokes, brushWidth: brush, to: $0, width: width, height: height)
        }
        return coverage.map { $0 >= inkCoverage }
    }
}
