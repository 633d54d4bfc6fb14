import DigitReaderCore
import DigitReaderModules
import DigitReaderTraining
import Foundation
import Testing

/// The shipped whole-digit verifier, on candidates cut from numbers by the training writers.
@Suite("Whole-digit verifier")
struct WholeDigitVerifierTests {
    static let verifier = Result { try WholeDigitVerifier(contentsOf: #require(bundledWholeDigitVerifier)) }

    @Test("a recognizer's weight file does not load into it")
    func refusesOtherWeights() throws {
        let url = try #require(registeredModules[0].bundledWeightsDirectory?.appendingPathComponent("\(registeredModules[0].id).weights"))
        #expect(throws: WeightFileError.self) { try WholeDigitVerifier(contentsOf: url) }
    }

    @Test("it tells whole digits from what cuts leave")
    func tellsWholeFromBroken() throws {
        var generator = SeededGenerator(seed: 17)
        let examples = try WholeDigitExamples().training(count: 40, from: try NumberReaderTests.penDigits.get(), generator: &generator)
        let wholeness = try Self.verifier.get().wholeness(of: examples.map(\.image))
        let whole = zip(wholeness, examples).filter { $0.1.label == 1 }.map(\.0)
        let broken = zip(wholeness, examples).filter { $0.1.label == 0 }.map(\.0)
        try #require(whole.count >= 50 && broken.count >= 100)
        #expect(Float(whole.count(where: { $0 >= 0.5 })) >= 0.9 * Float(whole.count), "\(whole.count(where: { $0 < 0.5 })) of \(whole.count) whole digits taken for broken")
        #expect(Float(broken.count(where: { $0 < 0.5 })) >= 0.9 * Float(broken.count), "\(broken.count(where: { $0 >= 0.5 })) of \(broken.count) broken ones taken for whole")
    }

    /// Splitting touching digits at their necks leaves fewer wrong cuts for the verifier to
    /// catch, so its gain on one sample of 30 numbers is within a number or two either way: the
    /// test reads the three samples the stroke test below reads.
    @Test("pictures of touching neighbours are cut better with it")
    func cutsTouchingPicturesBetter() throws {
        let recognizer = try NumberReaderTests.ensemble()
        var reader = NumberReader()
        func counts() throws -> (segmented: Int, exact: Int) {
            try [UInt64(3), 4, 7].reduce((segmented: 0, exact: 0)) { total, seed in
                let counts = try NumberReaderTests.touchingNumbers(seed: seed, lengths: 3) { try reader.read($0.canvas(), with: recognizer) }
                return (total.segmented + counts.segmented, total.exact + counts.exact)
            }
        }
        let without = try counts()
        reader.verifier = try Self.verifier.get()
        let with = try counts()
        #expect(with.segmented > without.segmented, "segmented correctly: \(with.segmented) of 90 with, \(without.segmented) without")
        #expect(with.exact > without.exact, "read exactly: \(with.exact) of 90 with, \(without.exact) without")
    }

    /// Strokes are never cut, but a touching neighbour's stroke can still be grouped with the
    /// wrong digit; the verifier knows what such a group looks like.
    @Test("touching neighbours written as strokes are grouped better with it")
    func groupsTouchingStrokesBetter() throws {
        let recognizer = try NumberReaderTests.ensemble()
        var reader = NumberReader()
        func segmented() throws -> Int {
            try [UInt64(3), 4, 7].reduce(0) { total, seed in
                total + (try NumberReaderTests.touchingNumbers(seed: seed, lengths: 5) { try reader.read(try $0.drawing(), with: recognizer) }.segmented)
            }
        }
        let without = try segmented()
        reader.verifier = try Self.verifier.get()
        let with = try segmented()
        // 90 of 90 with it, 87 without, when written.
        #expect(with > without, "segmented correctly: \(with) of 90 with, \(without) without")
    }
}

