import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `benchmark --photos`: pen writers' single digits (the medium style) and 4-digit numbers
/// photographed (`PhotoRenderer`: tinted paper, uneven light, noise) in each framing of the
/// sheet, read with and without `PhotoPage`, next to the same drawings read as clean canvases.
/// Pictures are normalised as decoded rasters (the codec is not what is measured).
struct PhotoBenchmark {
    struct FramingRow: Encodable {
        let framing: String
        let singleDigits: Double
        let singleDigitsWithoutCleaning: Double
        let fourDigitNumbers: Double
        let fourDigitNumbersWithoutCleaning: Double
    }

    struct Report: Encodable {
        let model: String
        let writers: String
        let digits: Int
        let numbers: Int
        /// The same drawings as canvases (black ink on transparent), for reference.
        let canvasSingleDigits: Double
        let canvasFourDigitNumbers: Double
        let rows: [FramingRow]
        /// Median time (ms) to read one photographed digit and one photographed 4-digit number,
        /// with and without cleaning.
        let singleMs: Double
        let singleWithoutCleaningMs: Double
        let fourDigitMs: Double
        let fourDigitWithoutCleaningMs: Double
    }

    let numbers: Int
    let seed: UInt64
    /// Reads the numbers, as the server's does.
    var reader = NumberReader()

    func run(_ recognizer: any Recognizer, digits: [PenDigit], writers: String, status: BenchmarkStatus) throws -> Report {
        let renderer = PhotoRenderer()
        var generator = SeededGenerator(seed: seed)
        var plain = reader
        plain.normalizer.cleansPhotos = false
        let clock = ContinuousClock()
        var times = (single: [Double](), singlePlain: [Double](), four: [Double](), fourPlain: [Double]())

        let canvases = digits.map { RenderingVariant.medium.renderer().render($0.strokes) }
        let composed = (0..<numbers).map { _ in NumberComposer().compose(length: 4, from: digits, generator: &generator) }
        let numberCanvases = composed.map { $0.canvas() }
        func readsDigit(_ image: RasterImage, _ label: Int, with normalizer: DigitNormalizer) -> Bool {
            Probabilities.argmax(recognizer.probabilities(for: normalizer.normalize(image).digit)) == label
        }
        func readsNumber(_ image: RasterImage, _ number: ComposedNumber, with reader: NumberReader) throws -> Bool {
            NumberReadingScore(try reader.read(image, with: recognizer), of: number).exact
        }
        let canvasDigits = zip(canvases, digits).count { readsDigit($0, $1.label, with: reader.normalizer) }
        let canvasNumbers = try zip(numberCanvases, composed).count { try readsNumber($0, $1, with: reader) }

        var rows: [FramingRow] = []
        for framing in PhotoRenderer.Framing.allCases {
            var right = (digits: 0, digitsPlain: 0, numbers: 0, numbersPlain: 0)
            for (index, (canvas, digit)) in zip(canvases, digits).enumerated() {
                if index % 100 == 0 { status.update("photos: \(framing.rawValue), digit \(index + 1)/\(digits.count)") }
                let photo = renderer.photograph(canvas, framing: framing, generator: &generator)
                var start = clock.now
                if readsDigit(photo, digit.label, with: reader.normalizer) { right.digits += 1 }
                times.single.append(LatencyStatistics.seconds(clock.now - start) * 1000)
                start = clock.now
                if readsDigit(photo, digit.label, with: plain.normalizer) { right.digitsPlain += 1 }
                times.singlePlain.append(LatencyStatistics.seconds(clock.now - start) * 1000)
            }
            for (index, (canvas, number)) in zip(numberCanvases, composed).enumerated() {
                if index % 20 == 0 { status.update("photos: \(framing.rawValue), number \(index + 1)/\(composed.count)") }
                let photo = renderer.photograph(canvas, framing: framing, generator: &generator)
                var start = clock.now
                if try readsNumber(photo, number, with: reader) { right.numbers += 1 }
                times.four.append(LatencyStatistics.seconds(clock.now - start) * 1000)
                start = clock.now
                if try readsNumber(photo, number, with: plain) { right.numbersPlain += 1 }
                times.fourPlain.append(LatencyStatistics.seconds(clock.now - start) * 1000)
            }
            rows.append(FramingRow(
                framing: framing.rawValue,
                singleDigits: Self.share(right.digits, of: digits.count), singleDigitsWithoutCleaning: Self.share(right.digitsPlain, of: digits.count),
                fourDigitNumbers: Self.share(right.numbers, of: composed.count), fourDigitNumbersWithoutCleaning: Self.share(right.numbersPlain, of: composed.count)))
        }
        status.finish("photos: done")
        return Report(
            model: recognizer.id, writers: writers, digits: digits.count, numbers: composed.count,
            canvasSingleDigits: Self.share(canvasDigits, of: digits.count), canvasFourDigitNumbers: Self.share(canvasNumbers, of: composed.count),
            rows: rows,
            singleMs: NumberReadingBenchmark.median(times.single), singleWithoutCleaningMs: NumberReadingBenchmark.median(times.singlePlain),
            fourDigitMs: NumberReadingBenchmark.median(times.four), fourDigitWithoutCleaningMs: NumberReadingBenchmark.median(times.fourPlain))
    }

    private static func share(_ count: Int, of total: Int) -> Double { Double(count) / Double(max(total, 1)) }

    static func table(_ report: Report) -> String {
        var table = TextTable(["framing", "single digits", "without cleaning", "4-digit numbers", "without cleaning"])
        table.append(["canvas", ProgressLine.percent(report.canvasSingleDigits), "", ProgressLine.percent(report.canvasFourDigitNumbers), ""])
        for row in report.rows {
            table.append([
                row.framing, ProgressLine.percent(row.singleDigits), ProgressLine.percent(row.singleDigitsWithoutCleaning),
                ProgressLine.percent(row.fourDigitNumbers), ProgressLine.percent(row.fourDigitNumbersWithoutCleaning),
            ])
        }
        return """
            Photos (\(report.model), pen writers \(report.writers): \(report.digits) single digits, \(report.numbers) 4-digit numbers read exactly; \
            cleaning: PhotoPage)
            \(table.render())
              read time, median: single digit \(ProgressLine.milliseconds(report.singleMs)) (without cleaning \(ProgressLine.milliseconds(report.singleWithoutCleaningMs))), \
            4-digit number \(ProgressLine.milliseconds(report.fourDigitMs)) (without \(ProgressLine.milliseconds(report.fourDigitWithoutCleaningMs)))
            """
    }
}
