import DigitReaderCore

/// How well confidences match accuracy: digits grouped by the confidence of their answer into
/// equal-width bins over 0...1, each with its size, mean confidence and accuracy.
///
/// A calibrated model is right about 80% of the time when it says 0.8: the expected calibration
/// error (ECE) is the size-weighted mean gap between confidence and accuracy over the bins.
public struct CalibrationBins: Codable, Sendable, Equatable {
    /// Digits per bin.
    public private(set) var counts: [Int]
    /// Sum of the confidences per bin.
    public private(set) var confidenceSums: [Double]
    /// Right answers per bin.
    public private(set) var correct: [Int]

    /// Empty bins; six by default.
    public init(bins: Int = 6) {
        precondition(bins > 0, "calibration needs at least one bin")
        counts = Array(repeating: 0, count: bins)
        confidenceSums = Array(repeating: 0, count: bins)
        correct = Array(repeating: 0, count: bins)
    }

    /// Adds one answer given with `confidence` (the top probability) that was right or not.
    public mutating func record(confidence: Float, isCorrect: Bool) {
        let bin = min(max(Int(Double(confidence) * Double(counts.count)), 0), counts.count - 1)
        counts[bin] += 1
        confidenceSums[bin] += Double(confidence)
        correct[bin] += isCorrect ? 1 : 0
    }

    /// Adds another tally with the same bins.
    public mutating func merge(_ other: CalibrationBins) {
        precondition(other.counts.count == counts.count, "bins must match")
        for bin in counts.indices {
            counts[bin] += other.counts[bin]
            confidenceSums[bin] += other.confidenceSums[bin]
            correct[bin] += other.correct[bin]
        }
    }

    /// One bin's figures: its confidence range, size, mean confidence and accuracy.
    public struct Bin: Sendable, Equatable {
        public let range: ClosedRange<Double>
        public let count: Int
        public let meanConfidence: Double
        public let accuracy: Double
        /// How far the mean confidence is above the accuracy (negative: under-confident).
        public var overconfidence: Double { meanConfidence - accuracy }
    }

    public var bins: [Bin] {
        counts.indices.map { bin in
            let width = 1 / Double(counts.count)
            let count = counts[bin]
            return Bin(
                range: (Double(bin) * width)...(Double(bin + 1) * width), count: count,
                meanConfidence: count == 0 ? 0 : confidenceSums[bin] / Double(count),
                accuracy: count == 0 ? 0 : Double(correct[bin]) / Double(count))
        }
    }

    /// Expected calibration error, 0...1.
    public var expectedCalibrationError: Double {
        let total = counts.reduce(0, +)
        guard total > 0 else { return 0 }
        return bins.reduce(0) { $0 + Double($1.count) / Double(total) * abs($1.meanConfidence - $1.accuracy) }
    }

    /// The largest over-confidence of any bin holding at least `minimumCount` digits (0 if none).
    public func worstOverconfidence(minimumCount: Int = 50) -> Double {
        bins.filter { $0.count >= minimumCount }.map(\.overconfidence).max().map { max($0, 0) } ?? 0
    }
}
