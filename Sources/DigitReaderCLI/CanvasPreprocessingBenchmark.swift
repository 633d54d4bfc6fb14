import DigitReaderCore
import DigitReaderTraining
import Foundation

/// What the server spends before a model sees an upload: decoding a 280x280 canvas PNG (black
/// anti-aliased strokes on transparent, as other clients send) and normalising it to 28x28, or
/// drawing and normalising the same digit sent as strokes (as the web page sends).
struct CanvasPreprocessingBenchmark {
    struct Report: Encodable {
        /// Size of the one canvas timed repeatedly.
        let pngBytes: Int
        let iterations: Int
        let decodeMedianMs: Double
        let normalizeMedianMs: Double
        let totalMedianMs: Double
        let totalP99Ms: Double
        /// The same over many different canvases (every variant), one call each.
        let sweepCanvases: Int
        let sweepMedianMs: Double
        let sweepP99Ms: Double
        let sweepMeanPNGBytes: Int
        /// The same digits as stroke uploads on the page's 280 px pad, one call each.
        let strokeDrawings: Int
        let strokesMedianMs: Double
        let strokesP99Ms: Double
        /// `NormalizerDigest` of the normaliser's output over the fixed picture set: equal
        /// digests mean identical output, bit for bit.
        let normalizerDigest: String
        let digestPictures: Int
    }

    let iterations: Int
    let sweepDigits: Int

    func run(_ digits: [PenDigit], scans: [OptDigit], mnist: MNISTDataset, status: BenchmarkStatus) throws -> Report {
        guard let sample = digits.first else { throw BenchmarkError("the pen digit file holds no digits") }
        let encoder = PNGEncoder()
        let bytes = try encoder.encode(sample.render(.medium))
        status.update("preprocessing: \(iterations) decode + normalise runs of one \(bytes.count)-byte canvas PNG")
        let benchmark = PreprocessingBenchmark()
        let medians = try benchmark.run(bytes, iterations: iterations)
        let timer = LatencyBenchmark(warmup: 20)
        let decoder = ImageDecoder()
        let normalizer = DigitNormalizer()
        let repeated = timer.latency(iterations: iterations) { _ in
            (try? normalizer.normalize(decoder.decode(bytes)).digit.pixels[0]) ?? 0
        }
        var canvases: [[UInt8]] = []
        for (index, digit) in digits.prefix(sweepDigits).enumerated() {
            status.update("preprocessing: encoding canvases \(index + 1)/\(min(sweepDigits, digits.count))")
            for variant in RenderingVariant.standard {
                canvases.append(try encoder.encode(digit.render(variant)))
            }
        }
        let sweep = timer.latency(iterations: canvases.count) { index in
            (try? normalizer.normalize(decoder.decode(canvases[index % canvases.count])).digit.pixels[0]) ?? 0
        }
        let drawings = try digits.prefix(sweepDigits).map { try $0.padDrawing() }
        let strokes = timer.latency(iterations: drawings.count) { index in
            normalizer.normalize(drawings[index]).digit.pixels[0]
        }
        status.update("preprocessing: output digest over pen, scanned, MNIST and photo-like pictures")
        let digest = NormalizerDigest.of(normalizer, pen: digits, scans: scans, mnist: mnist)
        status.finish("preprocessing: done")
        return Report(
            pngBytes: bytes.count, iterations: iterations,
            decodeMedianMs: Self.milliseconds(medians.decode), normalizeMedianMs: Self.milliseconds(medians.normalize),
            totalMedianMs: Self.milliseconds(medians.total), totalP99Ms: repeated.statistics.p99 * 1000,
            sweepCanvases: canvases.count, sweepMedianMs: sweep.statistics.median * 1000, sweepP99Ms: sweep.statistics.p99 * 1000,
            sweepMeanPNGBytes: canvases.reduce(0) { $0 + $1.count } / max(canvases.count, 1),
            strokeDrawings: drawings.count, strokesMedianMs: strokes.statistics.median * 1000, strokesP99Ms: strokes.statistics.p99 * 1000,
            normalizerDigest: String(digest.value, radix: 16), digestPictures: digest.count)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        LatencyStatistics.seconds(duration) * 1000
    }

    static func table(_ report: Report) -> String {
        String(
            format: """
                Preprocessing (280x280 RGBA canvas PNG, medium variant, %d bytes; decode + normalise, %d runs)
                  decode median %.3f ms, normalise median %.3f ms, total median %.3f ms, total p99 %.3f ms
                  over %d different canvases (4 variants, mean %d bytes): median %.3f ms, p99 %.3f ms
                  %d of those digits as strokes on the page's 280 px pad (drawn, no PNG): median %.3f ms, p99 %.3f ms
                  normaliser output digest over %d pictures: %@
                """,
            report.pngBytes, report.iterations, report.decodeMedianMs, report.normalizeMedianMs, report.totalMedianMs,
            report.totalP99Ms, report.sweepCanvases, report.sweepMeanPNGBytes, report.sweepMedianMs, report.sweepP99Ms,
            report.strokeDrawings, report.strokesMedianMs, report.strokesP99Ms,
            report.digestPictures, report.normalizerDigest)
    }
}
