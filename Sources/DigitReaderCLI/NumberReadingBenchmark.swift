import DigitReaderCore
import DigitReaderTraining
import Foundation

/// `benchmark --numbers`: whole numbers composed from pen writers' digits (`NumberComposer`),
/// read from their strokes and from canvas PNGs through `NumberReader`, as the server reads
/// them; plus how often a stroke upload and the same drawing as a canvas PNG agree on single
/// digits, and what each path costs.
struct NumberReadingBenchmark {
    struct LengthRow: Encodable {
        let length: Int
        let numbers: Int
        let exactStrokes: Double
        let exactPNG: Double
        let digitAccuracyStrokes: Double
        let digitAccuracyPNG: Double
        /// Misses whose segmentation was wrong, as a share of all misses.
        let segmentationShareStrokes: Double
        let segmentationSharePNG: Double
    }

    struct Report: Encodable {
        let model: String
        let writers: String
        let rows: [LengthRow]
        /// Single pen digits whose stroke upload and canvas PNG give the same digit.
        let singleDigitAgreement: Double
        let singleDigits: Int
        /// Server-side time (median, ms): a single digit from strokes and from a canvas PNG, and
        /// a 4-digit number from strokes and from a canvas PNG.
        let singleStrokesMs: Double
        let singlePNGMs: Double
        let fourDigitStrokesMs: Double
        let fourDigitPNGMs: Double
    }

    let numbersPerLength: Int
    let lengths: ClosedRange<Int>
    let seed: UInt64
    /// Reads the numbers, as the server's does.
    var reader = NumberReader()
    /// Where to write a picture of each number read wrongly (`MistakePlots.number`), if anywhere.
    var plotDirectory: URL?
    /// Most pictures written per route (strokes, PNG).
    var plotLimit = 100

    func run(_ recognizer: any Recognizer, digits: [PenDigit], writers: String, status: BenchmarkStatus) throws -> Report {
        let decoder = ImageDecoder()
        let encoder = PNGEncoder()
        let composer = NumberComposer()
        var generator = SeededGenerator(seed: seed)
        var rows: [LengthRow] = []
        var fourStrokes: [Double] = []
        var fourPNG: [Double] = []
        let clock = ContinuousClock()
        var plotted = (strokes: 0, png: 0)
        if let plotDirectory {
            do {
                try FileManager.default.createDirectory(at: plotDirectory, withIntermediateDirectories: true)
            } catch {
                throw BenchmarkError("cannot create \(plotDirectory.path): \(error)")
            }
        }
        for length in lengths {
            var exact = (strokes: 0, png: 0)
            var correct = (strokes: 0, png: 0)
            var misses = (strokes: 0, png: 0)
            var segmentation = (strokes: 0, png: 0)
            for index in 0..<numbersPerLength {
                status.update("numbers: \(length) digits, \(index + 1)/\(numbersPerLength)")
                let number = composer.compose(length: length, from: digits, generator: &generator)
                let drawing = try number.drawing()
                let png = try encoder.encode(number.canvas())
                var start = clock.now
                let fromStrokes = try reader.read(drawing, with: recognizer)
                let strokesTime = clock.now - start
                start = clock.now
                let fromPNG = try reader.read(try decoder.decode(png), with: recognizer)
                let pngTime = clock.now - start
                if length == 4 {
                    fourStrokes.append(LatencyStatistics.seconds(strokesTime) * 1000)
                    fourPNG.append(LatencyStatistics.seconds(pngTime) * 1000)
                }
                let scores = (NumberReadingScore(fromStrokes, of: number), NumberReadingScore(fromPNG, of: number))
                correct.strokes += scores.0.correctDigits
                correct.png += scores.1.correctDigits
                if !scores.0.exact, plotted.strokes < plotLimit {
                    try plot(number, fromStrokes, name: "numbers-strokes-\(length)-\(index)")
                    plotted.strokes += 1
                }
                if !scores.1.exact, plotted.png < plotLimit {
                    try plot(number, fromPNG, name: "numbers-png-\(length)-\(index)")
                    plotted.png += 1
                }
                if scores.0.exact { exact.strokes += 1 } else {
                    misses.strokes += 1
                    if !scores.0.segmentedCorrectly { segmentation.strokes += 1 }
                }
                if scores.1.exact { exact.png += 1 } else {
                    misses.png += 1
                    if !scores.1.segmentedCorrectly { segmentation.png += 1 }
                }
            }
            let total = Double(numbersPerLength)
            rows.append(LengthRow(
                length: length, numbers: numbersPerLength,
                exactStrokes: Double(exact.strokes) / total, exactPNG: Double(exact.png) / total,
                digitAccuracyStrokes: Double(correct.strokes) / (total * Double(length)),
                digitAccuracyPNG: Double(correct.png) / (total * Double(length)),
                segmentationShareStrokes: misses.strokes == 0 ? 0 : Double(segmentation.strokes) / Double(misses.strokes),
                segmentationSharePNG: misses.png == 0 ? 0 : Double(segmentation.png) / Double(misses.png)))
        }

        // Single digits: the page's 280 px pad and 20 px brush, sent both ways.
        let normalizer = DigitNormalizer()
        var agree = 0
        var singleStrokes: [Double] = []
        var singlePNG: [Double] = []
        for (index, digit) in digits.enumerated() {
            if index % 100 == 0 { status.update("numbers: single digits, strokes vs PNG \(index + 1)/\(digits.count)") }
            let drawing = try digit.padDrawing()
            let png = try encoder.encode(PenDigit.pad.renderPlaced(drawing.strokes))
            var start = clock.now
            let fromStrokes = recognizer.probabilities(for: normalizer.normalize(drawing).digit)
            singleStrokes.append(LatencyStatistics.seconds(clock.now - start) * 1000)
            start = clock.now
            let fromPNG = recognizer.probabilities(for: normalizer.normalize(try decoder.decode(png)).digit)
            singlePNG.append(LatencyStatistics.seconds(clock.now - start) * 1000)
            if Probabilities.argmax(fromStrokes) == Probabilities.argmax(fromPNG) { agree += 1 }
        }
        status.finish("numbers: done")
        return Report(
            model: recognizer.id, writers: writers, rows: rows,
            singleDigitAgreement: Double(agree) / Double(max(digits.count, 1)), singleDigits: digits.count,
            singleStrokesMs: Self.median(singleStrokes), singlePNGMs: Self.median(singlePNG),
            fourDigitStrokesMs: Self.median(fourStrokes), fourDigitPNGMs: Self.median(fourPNG))
    }

    /// Writes the picture of a number read wrongly to `plotDirectory`, if set.
    private func plot(_ number: ComposedNumber, _ reading: NumberReading, name: String) throws {
        guard let plotDirectory else { return }
        let file = plotDirectory.appendingPathComponent(name + ".png")
        do {
            try Data(try MistakePlots.number(number, reading: reading)).write(to: file, options: .atomic)
        } catch {
            throw BenchmarkError("cannot write \(file.path): \(error)")
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func table(_ report: Report) -> String {
        var table = TextTable(["digits", "numbers", "exact strokes", "exact PNG", "digits strokes", "digits PNG", "seg. share strokes", "seg. share PNG"])
        for row in report.rows {
            table.append([
                "\(row.length)", "\(row.numbers)", ProgressLine.percent(row.exactStrokes), ProgressLine.percent(row.exactPNG),
                ProgressLine.percent(row.digitAccuracyStrokes), ProgressLine.percent(row.digitAccuracyPNG),
                ProgressLine.percent(row.segmentationShareStrokes), ProgressLine.percent(row.segmentationSharePNG),
            ])
        }
        return """
            Whole numbers (\(report.model), pen writers \(report.writers); seg. share: misses caused by segmentation)
            \(table.render())
              single digits, stroke upload vs canvas PNG: same digit for \(ProgressLine.percent(report.singleDigitAgreement)) of \(report.singleDigits)
              server time, median: single digit strokes \(ProgressLine.milliseconds(report.singleStrokesMs)), PNG \(ProgressLine.milliseconds(report.singlePNGMs)); \
            4-digit number strokes \(ProgressLine.milliseconds(report.fourDigitStrokesMs)), PNG \(ProgressLine.milliseconds(report.fourDigitPNGMs))
            """
    }
}
