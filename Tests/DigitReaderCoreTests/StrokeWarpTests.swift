import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Slant and stretch of pen training digits")
struct StrokeWarpTests {
    /// A "7": a bar from (10, 10) to (50, 10), then a stem down to (30, 90).
    static let seven: [[SIMD2<Float>]] = [[SIMD2(10, 10), SIMD2(50, 10)], [SIMD2(50, 10), SIMD2(30, 90)]]

    @Test("a slant leans the top to the right and the bottom to the left, about the ink box's centre")
    func slant() {
        let warped = StrokeWarp(slant: 0.25, stretch: 1).apply(to: Self.seven)
        // Centre of the ink box: (30, 50). The bar is 40 above it, the foot 40 below.
        #expect(warped == [[SIMD2(20, 10), SIMD2(60, 10)], [SIMD2(60, 10), SIMD2(20, 90)]])
    }

    @Test("a stretch widens the digit and keeps its height")
    func stretch() {
        let warped = StrokeWarp(slant: 0, stretch: 1.5).apply(to: Self.seven)
        #expect(warped == [[SIMD2(0, 10), SIMD2(60, 10)], [SIMD2(60, 10), SIMD2(30, 90)]])
    }

    @Test("no strokes stay no strokes; an unwarped digit is unchanged")
    func identity() {
        #expect(StrokeWarp(slant: 0.3, stretch: 1.2).apply(to: []) == [])
        #expect(StrokeWarp(slant: 0, stretch: 1).apply(to: Self.seven) == Self.seven)
    }

    static func warped(seed: UInt64, _ augmentation: Augmentation) -> [[SIMD2<Float>]] {
        var generator = SeededGenerator(seed: seed)
        return augmentation.apply(toStrokes: Self.seven, generator: &generator)
    }

    @Test("each training render leans and stretches within the recipe's limits, the same for the same seed")
    func withinLimits() {
        let augmentation = Augmentation(penSlant: 0.2, penStretch: 0.15)
        var slants = [Float](), widths = [Float]()
        for seed: UInt64 in 1...200 {
            let strokes = Self.warped(seed: seed, augmentation)
            #expect(strokes == Self.warped(seed: seed, augmentation))
            #expect(strokes.map(\.count) == Self.seven.map(\.count))
            #expect(strokes[0][0].y == 10 && strokes[1][1].y == 90, "heights are kept")
            let barWidth = strokes[0][1].x - strokes[0][0].x
            #expect(barWidth >= 40 * 0.85 - 1e-3 && barWidth <= 40 * 1.15 + 1e-3)
            // The foot (30, 90) sits 40 below the centre, right under it: only the slant moves it.
            let slant = (30 - strokes[1][1].x) / 40
            #expect(abs(slant) <= 0.2 + 1e-3)
            slants.append(slant)
            widths.append(barWidth)
        }
        #expect(slants.contains { $0 > 0.1 } && slants.contains { $0 < -0.1 }, "both directions are drawn")
        #expect(widths.contains { $0 > 44 } && widths.contains { $0 < 36 }, "narrower and wider are drawn")
    }

    @Test("off at 0: no random number is drawn; older recipes decode with both off")
    func offAtZero() throws {
        var generator = SeededGenerator(seed: 4)
        #expect(Augmentation(strokeGaps: 0).apply(toStrokes: Self.seven, generator: &generator) == Self.seven)
        var fresh = SeededGenerator(seed: 4)
        #expect(generator.next() == fresh.next())
        #expect(Augmentation(penSlant: 0.1).isEnabled && Augmentation(penStretch: 0.1).isEnabled)
        let json = #"{"probability":0,"rotationDegrees":0,"scale":0,"shear":0,"translation":0,"elasticAlpha":0,"elasticSigma":4,"strokeWidth":0,"strokeGaps":0.3}"#
        let older = try JSONDecoder().decode(Augmentation.self, from: Data(json.utf8))
        #expect(older == Augmentation(strokeGaps: 0.3))
        let roundTrip = try JSONDecoder().decode(Augmentation.self, from: JSONEncoder().encode(Augmentation(penSlant: 0.2, penStretch: 0.1)))
        #expect(roundTrip.penSlant == 0.2 && roundTrip.penStretch == 0.1)
    }
}
