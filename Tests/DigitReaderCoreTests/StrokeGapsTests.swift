import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Stroke gaps in pen training digits")
struct StrokeGapsTests {
    /// A "9" the way a pen writes it: a closed loop of 40 points, then a stem of 10.
    static let nine: [[SIMD2<Float>]] = [
        (0...40).map { step in
            let angle = Float(step) / 40 * 2 * .pi
            return SIMD2(50 + 25 * cos(angle), 30 + 25 * sin(angle))
        },
        (0..<10).map { SIMD2(75, 30 + Float($0) * 7) },
    ]

    static func length(_ stroke: [SIMD2<Float>]) -> Float {
        zip(stroke, stroke.dropFirst()).reduce(0) { total, pair in
            let d = pair.1 - pair.0
            return total + (d * d).sum().squareRoot()
        }
    }

    static func gapped(_ strokes: [[SIMD2<Float>]], seed: UInt64, probability: Float = 1) -> [[SIMD2<Float>]] {
        var generator = SeededGenerator(seed: seed)
        return Augmentation(strokeGaps: probability).apply(toStrokes: strokes, generator: &generator)
    }

    @Test("the same seed cuts the same gap, other seeds other gaps")
    func deterministic() {
        for seed: UInt64 in 1...20 {
            #expect(Self.gapped(Self.nine, seed: seed) == Self.gapped(Self.nine, seed: seed))
        }
        let gaps = Set((UInt64(1)...20).map { "\(Self.gapped(Self.nine, seed: $0))" })
        #expect(gaps.count == 20)
    }

    @Test("one stroke is split around one short piece; every other point is kept")
    func keepsOtherPoints() throws {
        let total = Self.nine.map(Self.length).reduce(0, +)
        var cutStrokes = Set<Int>()
        for seed: UInt64 in 1...200 {
            let result = Self.gapped(Self.nine, seed: seed)
            try #require(result.count == Self.nine.count + 1, "seed \(seed): one stroke becomes two")
            let index = try #require(Self.nine.indices.first { result[$0] != Self.nine[$0] })
            cutStrokes.insert(index)
            #expect(Array(result[..<index]) == Array(Self.nine[..<index]))
            #expect(Array(result[(index + 2)...]) == Array(Self.nine[(index + 1)...]))
            let original = Self.nine[index], before = result[index], after = result[index + 1]
            // Original points up to the gap, then the gap's interpolated start; its end, then the rest.
            #expect(Array(before.dropLast()) == Array(original.prefix(before.count - 1)))
            #expect(Array(after.dropFirst()) == Array(original.suffix(after.count - 1)))
            #expect(before.count - 1 + after.count - 1 <= original.count)
            let erased = Self.length(original) - Self.length(before) - Self.length(after)
            #expect(erased >= 0.06 * total - 0.01 && erased <= 0.14 * total + 0.01, "seed \(seed): erased \(erased) of \(total)")
        }
        #expect(cutStrokes == [0, 1], "both strokes are long enough to be picked")
    }

    @Test("a stroke shorter than the piece is never cut, so no stroke disappears")
    func shortStrokesStay() {
        let dot: [SIMD2<Float>] = [SIMD2(10, 10), SIMD2(12, 10)]
        let strokes = Self.nine + [dot]
        for seed: UInt64 in 1...300 {
            let result = Self.gapped(strokes, seed: seed)
            #expect(result.last == dot)
            #expect(result.count >= strokes.count)
        }
    }

    @Test("with probability 0 the strokes are unchanged and no random number is drawn")
    func offAtZero() {
        var generator = SeededGenerator(seed: 4)
        #expect(Augmentation.none.apply(toStrokes: Self.nine, generator: &generator) == Self.nine)
        var fresh = SeededGenerator(seed: 4)
        #expect(generator.next() == fresh.next())
        #expect(!Augmentation.none.isEnabled && Augmentation(strokeGaps: 0.3).isEnabled)
    }

    @Test("pen training digits get gaps; MNIST digits never do")
    func onlyPenDigits() {
        let pen = [PenDigit(label: 9, writer: 1, strokes: Self.nine)]
        let mnist = MNISTDataset(pixels: (0..<784).map { UInt8(($0 * 7) % 256) }, labels: [9])
        let set = TrainingSet(mnist: mnist, pen: pen, mix: TrainingMix(penRenders: 1, scanCopies: 0))
        func pixels(_ source: TrainingSet.Source, _ augmentation: Augmentation) -> [Float] {
            var generator = SeededGenerator(seed: 8)
            return set.pixels(of: TrainingSet.Example(source: source, index: 0), augmentation: augmentation, generator: &generator)
        }
        #expect(pixels(.pen, Augmentation(strokeGaps: 1)) != pixels(.pen, .none))
        #expect(pixels(.mnist, Augmentation(strokeGaps: 1)) == pixels(.mnist, .none))
    }

    @Test("recipes recorded before stroke gaps existed decode with gaps off")
    func decodesOlderRecipes() throws {
        let json = #"{"probability":0,"rotationDegrees":0,"scale":0,"shear":0,"translation":0,"elasticAlpha":0,"elasticSigma":4,"strokeWidth":0,"canvasRedraw":0.2}"#
        let augmentation = try JSONDecoder().decode(Augmentation.self, from: Data(json.utf8))
        #expect(augmentation.strokeGaps == 0 && augmentation == Augmentation(canvasRedraw: 0.2))
        let roundTrip = try JSONDecoder().decode(Augmentation.self, from: JSONEncoder().encode(Augmentation(strokeGaps: 0.3)))
        #expect(roundTrip.strokeGaps == 0.3)
    }
}
