import DigitReaderCore
import DigitReaderTraining
import Foundation

/// Accuracy on real handwriting, the figure that decides which model ships: the validation
/// writers' pen digits drawn in each standard canvas style, the scanned validation digits, and
/// MNIST itself sent through the upload path; with how confident the answers were and what the
/// mistakes are.
struct RealDigitsBenchmark {
    /// One recognizer's results on one set of digits, with the breakdown for explaining them.
    struct Score: Encodable {
        let accuracy: Double
        let correct: Int
        let count: Int
        let empty: Int
        let perClassAccuracy: [Double]
        let topConfusions: [Confusion]
        /// Full tally: confusion matrix, empties per class and per-writer `[correct, total]`.
        let detail: RealDigitsScore

        init(_ score: RealDigitsScore) {
            accuracy = score.accuracy
            correct = score.correct
            count = score.count
            empty = score.empty
            perClassAccuracy = score.perClassAccuracy
            topConfusions = score.topConfusions(8).map { Confusion(label: $0.label, predicted: $0.predicted, count: $0.count) }
            detail = score
        }
    }

    struct Confusion: Encodable {
        let label: Int
        let predicted: Int
        let count: Int
    }

    /// MNIST test digits read raw versus through the upload path.
    struct MNISTCheck: Encodable {
        /// The 28x28 pixels fed straight to the model (no decoding, no normalising).
        let raw: Double
        /// White on black 28x28 opaque PNGs, as MNIST is.
        let opaque: Double
        /// Black ink on transparent 280x280 PNGs, upscaled smoothly, like a canvas.
        let canvas: Double
        /// Accuracy change against raw, in percentage points (target: no worse than -0.1).
        let opaqueDeltaPoints: Double
        let canvasDeltaPoints: Double
        let count: Int
    }

    /// Confidence against accuracy over every style of the pen digits.
    struct Calibration: Encodable {
        /// Expected calibration error over six confidence bins, 0...1 (target: under 0.01).
        let expectedCalibrationError: Double
        /// Largest over-confidence of a bin holding 50+ digits (target: at most 0.05).
        let worstOverconfidence: Double
        /// Per bin: digits, mean confidence, accuracy.
        let bins: [[Double]]

        init(_ bins: CalibrationBins) {
            expectedCalibrationError = bins.expectedCalibrationError
            worstOverconfidence = bins.worstOverconfidence(minimumCount: 50)
            self.bins = bins.bins.map { [Double($0.count), $0.meanConfidence, $0.accuracy] }
        }
    }

    struct ModelReport: Encodable {
        let model: String
        /// Pen digits per rendering variant, in the standard order.
        var variants: [String: Score] = [:]
        /// Pen digits over every variant together.
        var allVariants: Score?
        var calibration: Calibration?
        var worstVariant: String?
        var worstAccuracy: Double?
        var optdigits: Score?
        var mnist: MNISTCheck?
    }

    struct Report: Encodable {
        let path: String
        let pathDescription: String
        let pendigitsFile: String
        let pendigits: Int
        let writers: Int
        let variants: [String]
        let optdigitsFile: String?
        let optdigits: Int
        let mnistDigits: Int
        var models: [ModelReport]
        let seconds: Double
    }

    let evaluation: RealDigitsEvaluation
    let limit: Int?
    /// Where to write each model's confusion matrix and misread-digit sheet as PNGs.
    let plotDirectory: URL?

    func run(
        recognizers: [any Recognizer], penDigits: [PenDigit], pendigitsFile: String,
        optDigits: [OptDigit]?, optdigitsFile: String?, mnist: MNISTDataset?, status: BenchmarkStatus
    ) throws -> Report {
        let started = Date()
        let pen = limit.map { Array(penDigits.prefix($0)) } ?? penDigits
        var reports = recognizers.map { ModelReport(model: $0.id) }
        let penLabels = pen.map(\.label)
        let writers = pen.map(\.writer)

        var penInputs: [String: [NormalizedDigit]] = [:]
        var merged = recognizers.map { _ in RealDigitsScore() }
        for variant in RenderingVariant.standard {
            let inputs = try prepare("pen digits, \(variant.name)", count: pen.count, status: status) { progress in
                try evaluation.inputs(pen, variant: variant, progress: progress)
            }
            penInputs[variant.name] = inputs
            for (index, recognizer) in recognizers.enumerated() {
                status.update("pen digits, \(variant.name): scoring with \(recognizer.id)")
                let score = evaluation.score(recognizer, inputs: inputs, labels: penLabels, groups: writers)
                reports[index].variants[variant.name] = Score(score)
                merged[index].merge(score)
                status.finish("pen digits, \(variant.name): \(recognizer.id) \(ProgressLine.percent(score.accuracy)) (\(score.correct)/\(score.count), \(score.empty) empty)")
            }
        }
        for index in reports.indices {
            let worst = RenderingVariant.standard.compactMap { variant in reports[index].variants[variant.name].map { (variant.name, $0.accuracy) } }
                .min { $0.1 < $1.1 }
            reports[index].worstVariant = worst?.0
            reports[index].worstAccuracy = worst?.1
            reports[index].allVariants = Score(merged[index])
            reports[index].calibration = Calibration(merged[index].calibration)
            if let plotDirectory, let worst = worst?.0, let inputs = penInputs[worst], let score = reports[index].variants[worst] {
                try writePlots(for: reports[index].model, all: merged[index], worst: score.detail, inputs: inputs, to: plotDirectory, status: status)
            }
        }

        var optCount = 0
        if let optDigits {
            let opt = limit.map { Array(optDigits.prefix($0)) } ?? optDigits
            optCount = opt.count
            let inputs = try prepare("optdigits", count: opt.count, status: status) { progress in
                try evaluation.inputs(count: opt.count, picture: { opt[$0].image }, progress: progress)
            }
            for (index, recognizer) in recognizers.enumerated() {
                let score = evaluation.score(recognizer, inputs: inputs, labels: opt.map(\.label))
                reports[index].optdigits = Score(score)
                status.finish("optdigits: \(recognizer.id) \(ProgressLine.percent(score.accuracy)) (\(score.correct)/\(score.count))")
            }
        }

        var mnistCount = 0
        if let mnist {
            let test = limit.map { mnist.subset(Array(0..<min($0, mnist.count))) } ?? mnist
            mnistCount = test.count
            let raw = (0..<test.count).map { test.image($0) }
            let rawInputs = raw.map { NormalizedDigit(digit: $0, isEmpty: false, polarity: .lightOnDark, inkBounds: nil, strokeWidth: nil, strokeWidthAdjusted: false) }
            let opaqueInputs = try prepare("MNIST as opaque 28x28 PNGs", count: raw.count, status: status) { progress in
                try evaluation.inputs(count: raw.count, picture: { RasterImage(raw[$0]) }, progress: progress)
            }
            let canvasRenderer = MNISTCanvasRenderer()
            let canvasInputs = try prepare("MNIST as 280x280 canvas PNGs", count: raw.count, status: status) { progress in
                try evaluation.inputs(count: raw.count, picture: { canvasRenderer.render(raw[$0]) }, progress: progress)
            }
            for (index, recognizer) in recognizers.enumerated() {
                status.update("MNIST path check: scoring with \(recognizer.id)")
                let rawAccuracy = evaluation.score(recognizer, inputs: rawInputs, labels: test.labels).accuracy
                let opaque = evaluation.score(recognizer, inputs: opaqueInputs, labels: test.labels).accuracy
                let canvas = evaluation.score(recognizer, inputs: canvasInputs, labels: test.labels).accuracy
                let check = MNISTCheck(
                    raw: rawAccuracy, opaque: opaque, canvas: canvas,
                    opaqueDeltaPoints: (opaque - rawAccuracy) * 100, canvasDeltaPoints: (canvas - rawAccuracy) * 100, count: test.count)
                reports[index].mnist = check
                status.finish(String(
                    format: "MNIST path check: %@ raw %@, opaque 28px %+.2f pt, canvas 280px %+.2f pt",
                    recognizer.id, ProgressLine.percent(rawAccuracy), check.opaqueDeltaPoints, check.canvasDeltaPoints))
            }
        }

        return Report(
            path: evaluation.path.rawValue, pathDescription: evaluation.path.description,
            pendigitsFile: pendigitsFile, pendigits: pen.count, writers: Set(writers).count,
            variants: RenderingVariant.standard.map(\.name), optdigitsFile: optdigitsFile, optdigits: optCount,
            mnistDigits: mnistCount, models: reports, seconds: Date().timeIntervalSince(started))
    }

    /// `<model>-confusion.png` (every style together) and `<model>-misread.png` (the digits
    /// misread in the worst style, as the model saw them) in `directory`.
    private func writePlots(
        for model: String, all: RealDigitsScore, worst: RealDigitsScore, inputs: [NormalizedDigit], to directory: URL, status: BenchmarkStatus
    ) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let confusion = directory.appendingPathComponent("\(model)-confusion.png")
            try Data(try MistakePlots.confusion(all.confusion)).write(to: confusion, options: .atomic)
            let misread = directory.appendingPathComponent("\(model)-misread.png")
            try Data(try MistakePlots.misread(worst.mistakes, inputs: inputs)).write(to: misread, options: .atomic)
            status.finish("plots: \(confusion.path), \(misread.path)")
        } catch {
            throw BenchmarkError("cannot write the plots to \(directory.path): \(error)")
        }
    }

    /// Renders/normalises one set with progress and a timing line.
    private func prepare(
        _ name: String, count: Int, status: BenchmarkStatus,
        _ body: (@escaping @Sendable (Int) -> Void) throws -> [NormalizedDigit]
    ) throws -> [NormalizedDigit] {
        let started = Date()
        let inputs = try body { done in
            let elapsed = Date().timeIntervalSince(started)
            let remaining = done > 0 ? elapsed / Double(done) * Double(count - done) : .infinity
            status.update("\(name): preparing \(ProgressLine.bar(Double(done) / Double(max(count, 1)))) \(done)/\(count)  ETA \(ProgressLine.duration(remaining))")
        }
        status.finish(String(format: "%@: %d pictures prepared in %.1f s", name, inputs.count, Date().timeIntervalSince(started)))
        return inputs
    }

    /// The summary: accuracy per model and variant, the worst variant, optdigits and the MNIST
    /// path check; then what the errors are, and with `verbose` per-class and per-writer detail.
    static func summary(_ report: Report, verbose: Bool) -> String {
        var lines = [
            "Real digits (\(report.pathDescription))",
            "  pen digits: \(report.pendigits) by the \(report.writers) validation writers from \(report.pendigitsFile), drawn on a 280x280 transparent canvas",
        ]
        if let file = report.optdigitsFile { lines.append("  optdigits: the \(report.optdigits) scanned validation digits (cv, wdep) from \(file)") }
        if report.mnistDigits > 0 { lines.append("  MNIST path check: \(report.mnistDigits) test digits as opaque white-on-black 28x28 pictures and as black-on-transparent 280x280 canvases, accuracy change vs the raw pixels (target >= -0.10 pt)") }
        var header = ["model"] + report.variants + ["worst variant"]
        if report.optdigits > 0 { header.append("optdigits") }
        if report.mnistDigits > 0 { header += ["MNIST raw", "opaque 28px", "canvas 280px"] }
        var table = TextTable(header)
        for model in report.models {
            var row = [model.model] + report.variants.map { model.variants[$0].map { percent($0.accuracy) } ?? "-" }
            row.append(model.worstAccuracy.map { "\(percent($0)) (\(model.worstVariant ?? "?"))" } ?? "-")
            if report.optdigits > 0 { row.append(model.optdigits.map { percent($0.accuracy) } ?? "-") }
            if let mnist = model.mnist {
                row += [percent(mnist.raw), String(format: "%+.2f pt", mnist.opaqueDeltaPoints), String(format: "%+.2f pt", mnist.canvasDeltaPoints)]
            }
            table.append(row)
        }
        lines.append(table.render())

        lines.append("Confidence on the pen digits, every style (six bins; targets: ECE under 1%, no bin of 50+ digits over-confident by more than 5 pt):")
        var calibration = TextTable(["model", "ECE", "worst over-confidence", "bins: digits / mean confidence / accuracy"])
        for model in report.models {
            guard let c = model.calibration else { continue }
            let bins = c.bins.filter { $0[0] > 0 }.map { String(format: "%.0f/%.2f/%.3f", $0[0], $0[1], $0[2]) }.joined(separator: "  ")
            calibration.append([model.model, String(format: "%.2f%%", c.expectedCalibrationError * 100), String(format: "%.1f pt", c.worstOverconfidence * 100), bins])
        }
        lines.append(calibration.render())

        lines.append("Confusion on the pen digits, every style (rows: true digit, columns: read as, last: empty):")
        for model in report.models {
            guard let all = model.allVariants else { continue }
            lines.append("  \(model.model): \(percent(all.accuracy)) (\(all.correct)/\(all.count))")
            var matrix = TextTable(["    "] + (0..<DigitClass.count).map(String.init) + ["empty"])
            for label in 0..<DigitClass.count {
                matrix.append(["    \(label)"] + all.detail.confusion[label].map(String.init) + [String(all.detail.emptyPerClass[label])])
            }
            lines.append(matrix.render(indent: "  "))
        }

        lines.append("Most frequent pen-digit mistakes (true -> read as: count), per variant:")
        for model in report.models {
            lines.append("  \(model.model):")
            for variant in report.variants {
                guard let score = model.variants[variant] else { continue }
                let mistakes = score.topConfusions.prefix(6).map { "\($0.label)->\($0.predicted): \($0.count)" }.joined(separator: ", ")
                let empty = score.empty > 0 ? "; \(score.empty) empty" : ""
                lines.append("    \(variant.padding(toLength: 12, withPad: " ", startingAt: 0)) \(mistakes)\(empty)")
            }
            if verbose {
                lines += detail(model, variants: report.variants)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func detail(_ model: ModelReport, variants: [String]) -> [String] {
        var lines: [String] = []
        var perClass = TextTable(["  per class"] + (0..<DigitClass.count).map(String.init))
        for variant in variants {
            guard let score = model.variants[variant] else { continue }
            perClass.append(["  " + variant] + score.perClassAccuracy.map { String(format: "%.1f", $0 * 100) })
        }
        if let opt = model.optdigits {
            perClass.append(["  optdigits"] + opt.perClassAccuracy.map { String(format: "%.1f", $0 * 100) })
        }
        lines.append(perClass.render(indent: "  "))
        if let worst = model.worstVariant, let score = model.variants[worst] {
            let writers = score.detail.groupsByAccuracy
            lines.append("    writers in \(worst), worst first: " + writers.prefix(8).map { "#\($0.group) \(percent($0.accuracy)) of \($0.count)" }.joined(separator: ", "))
            if let best = writers.last { lines.append("    best writer: #\(best.group) \(percent(best.accuracy))") }
            lines.append("    confusion in \(worst) (rows: true digit, columns: read as, last: empty)")
            var matrix = TextTable(["    "] + (0..<DigitClass.count).map(String.init) + ["empty"])
            for label in 0..<DigitClass.count {
                matrix.append(["    \(label)"] + score.detail.confusion[label].map(String.init) + [String(score.detail.emptyPerClass[label])])
            }
            lines.append(matrix.render(indent: "  "))
        }
        return lines
    }

    private static func percent(_ fraction: Double) -> String {
        ProgressLine.percent(fraction)
    }
}
