import DigitReaderCore
import Dispatch
import Foundation

/// Measures recognizers on real handwriting the way the server would see it: pen trajectories
/// rendered as canvas pictures (or scanned bitmaps, or MNIST re-drawn as canvases), taken
/// through the upload path, normalised, then read.
///
/// Preparing the model inputs is the expensive part and does not depend on the model, so it is
/// done once per rendering (`inputs`) and the result scored by every recognizer (`score`). Both
/// steps split the work over `workers` threads; keep OpenBLAS at one thread so they do not fight.
public struct RealDigitsEvaluation: Sendable {
    /// Whether pictures go through PNG encoding and `ImageDecoder` first.
    public var path: PreprocessingPath
    /// The server's normaliser unless a caller is experimenting.
    public var normalizer: DigitNormalizer
    /// The server's decoder (used on the `.png` path).
    public var decoder: ImageDecoder
    /// Writes the canvas PNGs (used on the `.png` path).
    public var encoder: PNGEncoder
    /// Threads to split rendering and scoring over.
    public var workers: Int
    /// Digits per recognizer call when scoring.
    public var batchSize: Int

    /// An evaluation with the server's preprocessing.
    public init(path: PreprocessingPath = .png, workers: Int = 1, batchSize: Int = 256) {
        self.path = path
        self.normalizer = DigitNormalizer()
        self.decoder = ImageDecoder()
        // Fastest zlib level: the round trip is lossless at any level, so accuracy is the same,
        // and encoding is most of the cost of the full path over tens of thousands of canvases.
        self.encoder = PNGEncoder(compressionLevel: 1)
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
    }

    /// One picture taken through the configured path to the model's input.
    public func normalize(_ image: RasterImage, index: Int = 0) throws(RealDigitsEvaluationError) -> NormalizedDigit {
        switch path {
        case .raster:
            return normalizer.normalize(image)
        case .png:
            let bytes: [UInt8]
            do {
                bytes = try encoder.encode(image)
            } catch {
                throw .encoding(index: index, error)
            }
            do {
                return normalizer.normalize(try decoder.decode(bytes))
            } catch {
                throw .decoding(index: index, error)
            }
        }
    }

    /// Model inputs for `count` pictures made by `picture(index)`, in index order, prepared in
    /// parallel; `progress` receives the number done so far (from one thread at a time).
    public func inputs(
        count: Int, picture: @escaping @Sendable (Int) -> RasterImage,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws(RealDigitsEvaluationError) -> [NormalizedDigit] {
        let result = Self.parallelChunks(count: count, workers: workers, progress: progress) { index throws(RealDigitsEvaluationError) in
            try normalize(picture(index), index: index)
        }
        return try result.get()
    }

    /// Model inputs for pen digits drawn in `variant` on a 280 px canvas.
    public func inputs(
        _ digits: [PenDigit], variant: RenderingVariant, progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws(RealDigitsEvaluationError) -> [NormalizedDigit] {
        let renderer = variant.renderer()
        return try inputs(count: digits.count, picture: { renderer.render(digits[$0].strokes) }, progress: progress)
    }

    /// Reads every input with `recognizer` (empty drawings are not read and count as wrong).
    /// `groups`, when given, are per-digit group ids (writers) for the per-group breakdown.
    public func score(
        _ recognizer: any Recognizer, inputs: [NormalizedDigit], labels: [Int], groups: [Int]? = nil
    ) -> RealDigitsScore {
        precondition(inputs.count == labels.count && (groups == nil || groups!.count == labels.count))
        let batchSize = batchSize
        let predictions = Self.parallelBatches(count: inputs.count, workers: workers, batchSize: batchSize) { range -> [(digit: Int, confidence: Float)?] in
            let readable = range.filter { !inputs[$0].isEmpty }
            var predicted = [(digit: Int, confidence: Float)?](repeating: nil, count: range.count)
            guard !readable.isEmpty else { return predicted }
            let probabilities = recognizer.probabilities(for: readable.map { inputs[$0].digit })
            for (index, p) in zip(readable, probabilities) { predicted[index - range.lowerBound] = (p.argmax, p[p.argmax]) }
            return predicted
        }
        var score = RealDigitsScore()
        for index in inputs.indices {
            score.record(
                label: labels[index], predicted: predictions[index]?.digit, confidence: predictions[index]?.confidence,
                index: index, group: groups?[index])
        }
        return score
    }

    /// Runs `body` for every index in `0..<count`, split into one contiguous chunk per worker;
    /// returns the results in index order or the first error.
    static func parallelChunks<Output: Sendable, Failure: Error>(
        count: Int, workers: Int, progress: @escaping @Sendable (Int) -> Void,
        _ body: @escaping @Sendable (Int) throws(Failure) -> Output
    ) -> Result<[Output], Failure> {
        let workers = max(1, min(workers, count))
        let chunks = (0..<workers).map { worker in (count * worker / workers)..<(count * (worker + 1) / workers) }
        let collected = ChunkResults<Output, Failure>(chunks: workers)
        let done = WorkerCounters(workers: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var outputs: [Output] = []
            outputs.reserveCapacity(chunks[worker].count)
            for index in chunks[worker] {
                do throws(Failure) {
                    outputs.append(try body(index))
                } catch {
                    collected.store(.failure(error), at: worker)
                    return
                }
                let finished = outputs.count
                if finished % 64 == 0 {
                    done.set(finished, for: worker)
                    // Only the first worker reports, so the callback never runs concurrently.
                    if worker == 0 { progress(done.total) }
                }
            }
            collected.store(.success(outputs), at: worker)
        }
        let result = collected.joined()
        if case .success = result { progress(count) }
        return result
    }

    /// `body` applied to consecutive batches of `0..<count`, spread over the workers.
    static func parallelBatches<Output: Sendable>(
        count: Int, workers: Int, batchSize: Int, _ body: @escaping @Sendable (Range<Int>) -> [Output]
    ) -> [Output] {
        let batches = stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
        guard !batches.isEmpty else { return [] }
        let result = parallelChunks(count: batches.count, workers: workers, progress: { _ in }) { (batch: Int) throws(Never) -> [Output] in
            body(batches[batch])
        }
        switch result {
        case .success(let outputs): return outputs.flatMap { $0 }
        }
    }
}

/// Per-worker results collected under a lock, so workers never share mutable state.
private final class ChunkResults<Output: Sendable, Failure: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [Result<[Output], Failure>?]

    init(chunks: Int) {
        self.chunks = Array(repeating: nil, count: chunks)
    }

    func store(_ result: Result<[Output], Failure>, at chunk: Int) {
        lock.withLock { chunks[chunk] = result }
    }

    /// All chunks in order, or the first failure.
    func joined() -> Result<[Output], Failure> {
        lock.withLock {
            var outputs: [Output] = []
            for chunk in chunks {
                switch chunk {
                case .success(let values)?: outputs += values
                case .failure(let error)?: return .failure(error)
                case nil: continue
                }
            }
            return .success(outputs)
        }
    }
}

/// How far each worker has got, for one overall progress figure.
private final class WorkerCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]

    init(workers: Int) {
        counts = Array(repeating: 0, count: workers)
    }

    func set(_ count: Int, for worker: Int) {
        lock.withLock { counts[worker] = count }
    }

    var total: Int { lock.withLock { counts.reduce(0, +) } }
}
