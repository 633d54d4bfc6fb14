import DigitReaderCore
import Synchronization
import Testing

/// `NumberReader` refuses more than 16 digits, and refuses a drawing of many pieces before
/// asking the recognizer anything.
@Suite struct NumberReaderLimitTests {
    /// Counts the digits it is asked about; always reads a sure 1.
    final class CountingRecognizer: Recognizer {
        let id = "counting"
        let name = "Counting"
        let summary = "Counts its calls (test double)"
        let parameterCount = 0
        let card: ModelCard? = nil
        let asked = Mutex(0)

        func probabilities(for batch: [DigitImage]) -> [[Float]] {
            asked.withLock { $0 += batch.count }
            return batch.map { _ in (0..<10).map { $0 == 1 ? 0.99 : 0.01 / 9 } }
        }
    }

    /// `count` vertical strokes 100 units apart.
    static func bars(_ count: Int) throws -> StrokeDrawing {
        try StrokeDrawing(strokes: (0..<count).map { [SIMD2(Float(100 * $0), 0), SIMD2(Float(100 * $0), 80)] }, width: Float(100 * count), height: 120)
    }

    @Test func sixteenDigitsAreRead() throws {
        let reading = try NumberReader().read(try Self.bars(16), with: CountingRecognizer())
        #expect(reading.digits.count == 16)
    }

    @Test func seventeenDigitsAreRefused() throws {
        #expect(throws: NumberReadingError.tooManyDigits(atLeast: 17)) {
            try NumberReader().read(try Self.bars(17), with: CountingRecognizer())
        }
    }

    @Test func manyPiecesAreRefusedBeforeAnyRecognition() throws {
        let recognizer = CountingRecognizer()
        #expect(throws: NumberReadingError.tooManyDigits(atLeast: 250)) {
            try NumberReader().read(try Self.bars(1_000), with: recognizer)
        }
        #expect(recognizer.asked.withLock { $0 } == 0)
    }
}
