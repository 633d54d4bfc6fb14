import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

/// A handful of hand-made pen digits (tablet-like coordinates, y down), enough to exercise the
/// evaluation without the data set.
private let sampleDigits: [PenDigit] = [
    PenDigit(label: 1, writer: 1, strokes: [[SIMD2(250, 100), SIMD2(250, 400)]]),
    PenDigit(label: 7, writer: 1, strokes: [[SIMD2(150, 100), SIMD2(350, 100), SIMD2(220, 400)]]),
    PenDigit(label: 0, writer: 2, strokes: [(0...24).map { step in
        let angle = Float(step) * 2 * .pi / 24
        return SIMD2(250 + 90 * cos(angle), 250 + 150 * sin(angle))
    }]),
    PenDigit(label: 4, writer: 2, strokes: [[SIMD2(300, 100), SIMD2(150, 300), SIMD2(350, 300)], [SIMD2(300, 100), SIMD2(300, 420)]]),
    PenDigit(label: 7, writer: 3, strokes: [[SIMD2(120, 120), SIMD2(380, 110), SIMD2(260, 420)], [SIMD2(200, 260), SIMD2(330, 260)]]),
]

/// Reads a digit by where its ink is, so tests know the answer: tall thin ink is a 1,
/// everything else a 7. Enough to check the bookkeeping, not to recognise anything.
private struct InkShapeRecognizer: Recognizer {
    let id = "ink-shape"
    let name = "Ink shape"
    let summary = "test double"
    let parameterCount = 0
    let card: ModelCard? = nil

    func probabilities(for batch: [DigitImage]) -> [[Float]] {
        batch.map { digit in
            let columns = (0..<DigitImage.side).filter { column in (0..<DigitImage.side).contains { digit[$0, column] > 0.5 } }
            var p = [Float](repeating: 0, count: 10)
            p[columns.count <= 6 ? 1 : 7] = 1
            return p
        }
    }
}

@Suite("Real-digit evaluation")
struct RealDigitsEvaluationTests {
    @Test("RGBA PNGs round-trip through the server's decoder bit for bit, alpha included")
    func rgbaRoundTrip() throws {
        for (index, digit) in sampleDigits.enumerated() {
            let image = digit.render(RenderingVariant.standard[index % 4])
            let png = try PNGEncoder().encode(image)
            #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            #expect(try ImageDecoder().decode(png) == image)
        }
        // Odd sizes and every byte value in every channel.
        let pixels = (0..<(7 * 3 * 4)).map { UInt8(($0 * 37) % 256) }
        let odd = RasterImage(width: 7, height: 3, pixels: pixels)
        #expect(try ImageDecoder().decode(PNGEncoder(compressionLevel: 9).encode(odd)) == odd)
    }

    @Test("the full PNG path and the raster path give the same model input")
    func pathsAgree() throws {
        let png = RealDigitsEvaluation(path: .png)
        let raster = RealDigitsEvaluation(path: .raster)
        for digit in sampleDigits {
            let image = digit.render(.medium)
            let viaPNG = try png.normalize(image)
            #expect(!viaPNG.isEmpty)
            #expect(viaPNG == (try raster.normalize(image)))
        }
    }

    @Test("inputs come back in order and the same with one or two workers")
    func parallelInputs() throws {
        let one = try RealDigitsEvaluation(path: .raster, workers: 1).inputs(sampleDigits, variant: .thinSmall)
        let two = try RealDigitsEvaluation(path: .raster, workers: 2).inputs(sampleDigits, variant: .thinSmall)
        #expect(one == two)
        #expect(one.count == sampleDigits.count)
        #expect(one[0] == DigitNormalizer().normalize(sampleDigits[0].render(.thinSmall)))
    }

    @Test("scores count right, wrong and empty drawings per class and per writer")
    func scoring() throws {
        var inputs = try RealDigitsEvaluation(path: .raster).inputs(sampleDigits, variant: .medium)
        // The last drawing came out blank: it must count as wrong, not be skipped.
        inputs[4] = DigitNormalizer().normalize(RasterImage(width: 280, height: 280, red: 0, green: 0, blue: 0, alpha: 0))
        #expect(inputs[4].isEmpty)
        let labels = sampleDigits.map(\.label)
        let writers = sampleDigits.map(\.writer)
        for workers in [1, 2] {
            let evaluation = RealDigitsEvaluation(path: .raster, workers: workers, batchSize: 2)
            let score = evaluation.score(InkShapeRecognizer(), inputs: inputs, labels: labels, groups: writers)
            #expect(score.count == 5)
            #expect(score.empty == 1 && score.emptyPerClass[7] == 1)
            // 1 -> 1 and 7 -> 7 right; 0 and 4 read as 7; the blank 7 wrong.
            #expect(score.correct == 2)
            #expect(score.confusion[0][7] == 1 && score.confusion[4][7] == 1)
            #expect(score.perGroup == ["1": [2, 2], "2": [0, 2], "3": [0, 1]])
            #expect(score.perClassAccuracy[1] == 1 && score.perClassAccuracy[7] == 0.5)
            #expect(score.topConfusions(5).map(\.label) == [0, 4])
            #expect(score.groupsByAccuracy.first?.group == "2")
        }
    }

    @Test("tallies merge like one tally")
    func merging() {
        var first = RealDigitsScore()
        first.record(label: 3, predicted: 3, group: 1)
        first.record(label: 9, predicted: 3, group: 2)
        var second = RealDigitsScore()
        second.record(label: 9, predicted: nil, group: 2)
        first.merge(second)
        #expect(first.count == 3 && first.correct == 1 && first.empty == 1)
        #expect(first.perGroup == ["1": [1, 1], "2": [0, 2]])
        #expect(abs(first.accuracy - 1.0 / 3) < 1e-12)
    }

    @Test("an MNIST-style digit drawn as a canvas normalises back to nearly itself")
    func mnistCanvas() {
        // A 28x28 digit in MNIST's convention, made by normalising a rendered pen digit.
        let original = DigitNormalizer().normalize(sampleDigits[3].render(.medium)).digit
        let canvas = MNISTCanvasRenderer().render(original)
        #expect(canvas.width == 280 && canvas.height == 280)
        #expect(canvas[0, 0] == (0, 0, 0, 0))
        #expect(canvas.pixels.enumerated().allSatisfy { $0.offset % 4 == 3 || $0.element == 0 })
        let back = DigitNormalizer().normalize(canvas)
        #expect(!back.isEmpty && back.polarity == .darkOnLight)
        let a = original.pixels, b = back.digit.pixels
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        let correlation = dot / ((a.reduce(0) { $0 + $1 * $1 }).squareRoot() * (b.reduce(0) { $0 + $1 * $1 }).squareRoot())
        #expect(correlation > 0.9)
    }

    @Test("latency statistics use nearest-rank percentiles")
    func latencyStatistics() {
        let durations = (1...200).map { Duration.microseconds($0) }.shuffled()
        let statistics = LatencyStatistics(durations)
        #expect(statistics.samples == 200)
        #expect(abs(statistics.median - 100e-6) < 1e-12)
        #expect(abs(statistics.p99 - 198e-6) < 1e-12)
        #expect(abs(statistics.minimum - 1e-6) < 1e-12)
        #expect(abs(statistics.mean - 100.5e-6) < 1e-12)
        let timed = LatencyBenchmark(warmup: 2).latency(iterations: 10) { Float($0) }
        #expect(timed.statistics.samples == 10 && timed.checksum == 1 + 45)
        let rate = LatencyBenchmark(warmup: 0).throughput(itemsPerCall: 4, minimumCalls: 3, minimumSeconds: 0) { _ in 1 }
        #expect(rate.calls == 3 && rate.itemsPerSecond > 0)
    }
}
