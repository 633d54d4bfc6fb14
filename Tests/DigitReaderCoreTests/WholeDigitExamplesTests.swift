import DigitReaderCore
import DigitReaderTraining
import Testing

@Suite("Whole-digit examples")
struct WholeDigitExamplesTests {
    static let penDigits = Result { try PenDigitsDataset(contentsOf: TestData.penDigitsFile).digits }

    /// Two digits of ten pixels each: 0-9 and 10-19.
    static let digits = [(0..<20).map { $0 < 10 }, (0..<20).map { $0 >= 10 }]

    @Test("a candidate holding nearly all of one digit and little else is whole")
    func wholeDigits() {
        #expect(WholeDigitExamples.label(Array(0..<10), digits: Self.digits, sizes: [10, 10]) == 1)
        #expect(WholeDigitExamples.label(Array(1..<10) + [10], digits: Self.digits, sizes: [10, 10]) == 1)
    }

    @Test("half a digit, or a digit with much of its neighbour, is not; in between is left out")
    func brokenDigits() {
        #expect(WholeDigitExamples.label(Array(0..<5), digits: Self.digits, sizes: [10, 10]) == 0)
        #expect(WholeDigitExamples.label(Array(0..<15), digits: Self.digits, sizes: [10, 10]) == 0)
        #expect(WholeDigitExamples.label(Array(0..<20), digits: Self.digits, sizes: [10, 10]) == 0)
        #expect(WholeDigitExamples.label(Array(0..<8), digits: Self.digits, sizes: [10, 10]) == nil)
    }

    /// Numbers whose digits stand apart: each digit is a candidate of its own and whole, and any
    /// candidate joining two is not.
    @Test("digits standing apart give one whole example each")
    func separateDigits() throws {
        var examples = WholeDigitExamples()
        examples.composer.touchingShare = 0
        examples.composer.overlappingShare = 0
        examples.composer.naturalGap = 0.3...0.35
        var generator = SeededGenerator(seed: 3)
        for length in 2...4 {
            let number = examples.composer.compose(length: length, from: HandwritingSplit.training(try Self.penDigits.get()), generator: &generator)
            let labels = try examples.examples(of: number, brush: 20).map(\.label)
            #expect(labels.count(where: { $0 == 1 }) == length, "\(number.text): \(labels)")
        }
    }

    /// Touching neighbours are one blob, cut into slices: the blob whole is two digits, and
    /// slices give halves, so examples of both kinds come out.
    @Test("touching neighbours give whole and broken examples")
    func touchingDigits() throws {
        var examples = WholeDigitExamples()
        examples.composer.touchingShare = 1
        var generator = SeededGenerator(seed: 5)
        let made = try examples.training(count: 10, from: try Self.penDigits.get(), generator: &generator)
        #expect(made.count(where: { $0.label == 1 }) >= 10)
        #expect(made.count(where: { $0.label == 0 }) >= 10)
        #expect(made.allSatisfy { $0.image.pixels.contains { $0 > 0.5 } }, "every example holds ink")
    }

    @Test("validation writers' digits never become training examples")
    func validationWritersStayOut() throws {
        let validation = HandwritingSplit.validation(try Self.penDigits.get())
        try #require(!validation.isEmpty)
        var generator = SeededGenerator(seed: 1)
        #expect(try WholeDigitExamples().training(count: 5, from: validation, generator: &generator).isEmpty)
        #expect(try !WholeDigitExamples().validation(count: 5, from: validation, generator: &generator).isEmpty)
    }
}
