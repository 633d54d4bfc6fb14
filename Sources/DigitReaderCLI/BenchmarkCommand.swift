import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import DigitReaderModules
import Foundation

/// `digit-reader benchmark`: the speed and real-handwriting figures that decide what ships.
///
/// Everything runs the way the server does (OpenBLAS on one thread, the server's decoder and
/// normaliser), so the numbers are the ones a deployment on the same machine would see.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure inference speed, training speed, preprocessing speed and accuracy on real handwriting.",
        discussion: """
            Choose parts with flags; without any, only --inference runs. --all runs every part.

            --inference      per model (each registered one and the ensemble): single-digit latency \
            median and p99 over --iterations calls on MNIST test digits, and batch throughput \
            (--batch-size digits per call). Targets: multilayer-cnn < 0.5 ms, softmax < 0.02 ms.
            --training       images/s of --training-model trained with its own recipe for \
            --training-batches batches (TensorFlow reference: ~41 s per MNIST epoch).
            --preprocessing  decode + normalise time of a 280x280 RGBA canvas PNG (a pen digit \
            drawn in the medium style), median and p99, and over many different canvases; the \
            same digits sent as strokes; a digest of the normaliser's output (equal digests: \
            identical output).
            --real-digits    accuracy per model on the validation writers' pen digits (26-30, \
            never trained on) drawn in four styles (thin-small, medium, thick-large, off-centre; the \
            worst one is the figure that counts), on the scanned validation digits (optdigits cv \
            and wdep), and MNIST test digits sent as PNGs (opaque 28x28 and canvas-style 280x280) \
            compared with the raw pixels; then calibration (six confidence bins) and the confusion \
            matrix on the pen digits. By default pictures take the full upload path (PNG encode, \
            ImageDecoder, DigitNormalizer); --path raster skips the codec. --plot DIR writes each \
            model's confusion matrix and its misread digits as PNGs. --verbose (or --json) adds \
            per-class and per-writer detail.
            --numbers        whole numbers (2 to 10 digits, --numbers-count of each length) composed \
            from the validation pen writers' digits (one writer per number; size and baseline \
            jitter, natural gaps, overlapping boxes, touching pairs), read from strokes and from \
            canvas PNGs by --number-model (default: the default model): exact-number and digit \
            accuracy by length, the share of misses caused by segmentation; single-digit \
            agreement of stroke uploads and canvas PNGs; server time of each path. \
            --number-writers training composes from the training writers instead (for tuning). \
            --plot DIR writes a picture of each number read wrongly (the first 100 per path): true \
            boxes in grey, digits read in green where right and red where not.
            --photos         the validation pen writers' single digits (medium style) and 4-digit \
            numbers (--numbers-count) photographed: blue-black ink on tinted paper under uneven \
            light, with sensor noise, the sheet filling the frame, turned (table in the corners), \
            ending short of an edge, or lying inside a larger table; read by --number-model with \
            and without PhotoPage (evening the light, painting over what lies beyond the page), \
            next to the same drawings read as canvases.

            Data: MNIST from --data or $DIGIT_READER_MNIST; pen digits from --pendigits or \
            $DIGIT_READER_PENDIGITS (default ../shared/datasets/pendigits-dev/pendigits-dev.jsonl); \
            scanned digits from --optdigits or $DIGIT_READER_OPTDIGITS (default \
            ../shared/datasets/optdigits-dev/optdigits-dev.jsonl).
            """
    )

    @Flag(help: "Inference latency and throughput per model (the default part).")
    var inference = false
    @Flag(help: "Training throughput of one model.")
    var training = false
    @Flag(help: "Decode + normalise time of canvas PNGs.")
    var preprocessing = false
    @Flag(help: "Accuracy on pen digits, scanned digits and MNIST through the upload path.")
    var realDigits = false
    @Flag(help: "Whole numbers read from strokes and canvas PNGs.")
    var numbers = false
    @Flag(help: "Single digits and numbers read from photo-like pictures.")
    var photos = false
    @Flag(help: "Run every part.")
    var all = false

    @OptionGroup var data: DataOptions
    @OptionGroup var models: ModelsOptions

    @Option(help: "Single-digit inference calls per model.")
    var iterations = 10_000
    @Option(help: "Digits per call for the batch throughput figure.")
    var batchSize = 256

    @Option(help: "Model whose training speed is measured.")
    var trainingModel = "multilayer-cnn"
    @Option(help: "Training batches to time (of the model's recipe batch size).")
    var trainingBatches = 200

    @Option(help: "Decode + normalise runs of the one canvas timed repeatedly.")
    var preprocessingIterations = 2000

    @OptionGroup var handwriting: HandwritingOptions
    @Option(help: ArgumentHelp("Write pictures of the mistakes (PNG) to this folder: --real-digits each model's confusion matrix and misread-digit sheet, --numbers each number read wrongly.", valueName: "dir"))
    var plot: String?
    @Flag(help: "Skip the MNIST-through-the-upload-path check.")
    var skipMNISTCheck = false
    @Option(help: "`png` (full upload path) or `raster` (normalise the rendered picture directly).")
    var path = PreprocessingPath.png.rawValue
    @Option(help: "Use only the first N digits of each real-digit set (quick runs).")
    var limit: Int?
    @Option(help: "Threads for rendering and scoring real digits (OpenBLAS stays at 1 thread each).")
    var workers = min(2, ProcessInfo.processInfo.activeProcessorCount)

    @Option(help: "Numbers of each length for --numbers (and 4-digit numbers for --photos).")
    var numbersCount = 200
    @Option(help: "Model reading the numbers and photos (default: the default model).")
    var numberModel: String?
    @Option(help: "`validation` (pen writers 26-30) or `training` (1-25) writers for --numbers.")
    var numberWriters = "validation"
    @Flag(help: "Read numbers without the whole-digit verifier (to see what it adds).")
    var noVerifier = false
    @Flag(help: "Read pictures of numbers without splitting touching digits at their necks (to see what it adds).")
    var noNeckSplitting = false

    @Flag(help: "Print JSON (progress goes to standard error).")
    var json = false
    @Option(help: ArgumentHelp("Also write the JSON report to this file (keeps the text output).", valueName: "file"))
    var jsonOut: String?
    @Flag(help: "Add per-class, per-writer and confusion detail to the real-digit summary.")
    var verbose = false

    /// The combined machine-readable report; absent parts are left out.
    struct Report: Encodable {
        var weights: [String: String] = [:]
        var blasKernel = BLASKernel.coreName
        var inference: [InferenceBenchmark.Row]?
        var training: TrainingBenchmark.Report?
        var preprocessing: CanvasPreprocessingBenchmark.Report?
        var realDigits: RealDigitsBenchmark.Report?
        var numbers: NumberReadingBenchmark.Report?
        var photos: PhotoBenchmark.Report?
    }

    func validate() throws {
        if iterations < 1 { throw ValidationError("--iterations must be at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if trainingBatches < 1 { throw ValidationError("--training-batches must be at least 1") }
        if preprocessingIterations < 1 { throw ValidationError("--preprocessing-iterations must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        if numbersCount < 1 { throw ValidationError("--numbers-count must be at least 1") }
        if !["validation", "training"].contains(numberWriters) { throw ValidationError("--number-writers must be `validation` or `training`") }
        if PreprocessingPath(rawValue: path) == nil { throw ValidationError("--path must be `png` or `raster`") }
    }

    func run() throws {
        // As the server does: one OpenBLAS thread per call; parallelism comes from our own workers.
        GEMM.setThreadCount(1)
        let runAll = all
        let runInference = runAll || inference || !(training || preprocessing || realDigits || numbers || photos)
        let status = BenchmarkStatus(json: json)
        var report = Report()

        var registry: RecognizerRegistry?
        if runInference || runAll || realDigits || numbers || photos { registry = try models.registry() }
        for module in registeredModules {
            report.weights[module.id] = module.weightsDirectory(preferring: models.directory)?
                .appendingPathComponent("\(module.id).weights").path ?? "(none)"
        }
        if !json {
            print("Weights: " + registeredModules.map { "\($0.id) \(report.weights[$0.id] ?? "?")" }.joined(separator: ", "))
            print("OpenBLAS kernels: \(report.blasKernel), 1 thread per call\n")
        }

        if runInference, let registry {
            let test = try data.load(.test)
            let digits = (0..<test.count).map { test.image($0) }
            let rows = InferenceBenchmark(iterations: iterations, batchSize: batchSize).run(registry.recognizers, digits: digits, status: status)
            report.inference = rows
            if !json { print(InferenceBenchmark.table(rows, iterations: iterations) + "\n") }
        }

        if runAll || training {
            let module = try ModelsOptions.module(trainingModel)
            let trainingSet = try data.load(.train).split(validationCount: 5000).training
            let result = TrainingBenchmark(module: module, recipe: try ModelsOptions.recipe(for: module), batches: trainingBatches).run(training: trainingSet, status: status)
            report.training = result
            if !json { print(TrainingBenchmark.table(result) + "\n") }
        }

        var penDigits: [PenDigit]?
        if runAll || preprocessing || realDigits || numbers || photos {
            penDigits = try handwriting.pen.digits(required: true)
        }

        if runAll || preprocessing, let penDigits {
            let scans = try handwriting.scanDigits(required: true) ?? []
            let result = try CanvasPreprocessingBenchmark(iterations: preprocessingIterations, sweepDigits: 200)
                .run(penDigits, scans: scans, mnist: try data.load(.test), status: status)
            report.preprocessing = result
            if !json { print(CanvasPreprocessingBenchmark.table(result) + "\n") }
        }

        if runAll || realDigits, let registry, let penDigits {
            let optDigits = try handwriting.scanDigits(required: true).map(HandwritingSplit.validation)
            var mnist: MNISTDataset?
            if !skipMNISTCheck { mnist = try data.load(.test) }
            let benchmark = RealDigitsBenchmark(
                evaluation: RealDigitsEvaluation(path: PreprocessingPath(rawValue: path) ?? .png, workers: workers), limit: limit,
                plotDirectory: plot.map { URL(fileURLWithPath: $0) })
            let result = try benchmark.run(
                recognizers: registry.recognizers, penDigits: HandwritingSplit.validation(penDigits), pendigitsFile: handwriting.pen.file,
                optDigits: optDigits, optdigitsFile: optDigits == nil ? nil : handwriting.scanFile, mnist: mnist, status: status)
            report.realDigits = result
            if !json { print(RealDigitsBenchmark.summary(result, verbose: verbose)) }
        }

        if runAll || numbers, let registry, let penDigits {
            let recognizer = try ModelsOptions.recognizer(numberModel, in: registry)
            let validation = numberWriters == "validation"
            let writers = validation ? HandwritingSplit.penValidationWriters : HandwritingSplit.penTrainingWriters
            var benchmark = NumberReadingBenchmark(
                numbersPerLength: numbersCount, lengths: 2...10, seed: 2026, plotDirectory: plot.map { URL(fileURLWithPath: $0) })
            if !noVerifier { benchmark.reader.verifier = try models.wholeDigitVerifier() }
            if noNeckSplitting { benchmark.reader.neckDepthRatio = 0 }
            let result = try benchmark.run(
                recognizer, digits: validation ? HandwritingSplit.validation(penDigits) : HandwritingSplit.training(penDigits),
                writers: "\(writers.lowerBound)-\(writers.upperBound)", status: status)
            report.numbers = result
            if !json { print(NumberReadingBenchmark.table(result) + "\n") }
        }

        if runAll || photos, let registry, let penDigits {
            var benchmark = PhotoBenchmark(numbers: numbersCount, seed: 2026)
            if !noVerifier { benchmark.reader.verifier = try models.wholeDigitVerifier() }
            if noNeckSplitting { benchmark.reader.neckDepthRatio = 0 }
            let writers = HandwritingSplit.penValidationWriters
            let result = try benchmark.run(
                try ModelsOptions.recognizer(numberModel, in: registry), digits: HandwritingSplit.validation(penDigits),
                writers: "\(writers.lowerBound)-\(writers.upperBound)", status: status)
            report.photos = result
            if !json { print(PhotoBenchmark.table(result) + "\n") }
        }
        let encoder = JSONFormatting.pretty
        if json {
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if let jsonOut {
            do {
                try encoder.encode(report).write(to: URL(fileURLWithPath: jsonOut), options: .atomic)
            } catch {
                throw BenchmarkError("cannot write the JSON report to \(jsonOut): \(error.localizedDescription)")
            }
        }
    }
}
