import DigitReaderCore
import DigitReaderTraining
import Foundation

/// Per-model inference speed: one digit at a time (what a request costs) and batches of 256
/// (what bulk scoring and evaluation get), on real MNIST test digits with OpenBLAS on one thread.
struct InferenceBenchmark {
    /// Latency budgets per model for one digit, in milliseconds.
    static let targets: [String: Double] = ["multilayer-cnn": 0.5, "softmax": 0.02]

    struct Row: Encodable {
        let model: String
        let parameters: Int
        let singleCalls: Int
        let singleMedianMs: Double
        let singleP99Ms: Double
        let singleMeanMs: Double
        let batchSize: Int
        let batchDigitsPerSecond: Double
        /// Batch throughput per CPU second of the scoring thread: what the code does when it has
        /// a core to itself, whatever else the machine is running.
        let batchDigitsPerCPUSecond: Double
        let targetMs: Double?
        let meetsTarget: Bool?
    }

    let iterations: Int
    let batchSize: Int

    func run(_ recognizers: [any Recognizer], digits: [DigitImage], status: BenchmarkStatus) -> [Row] {
        let benchmark = LatencyBenchmark(warmup: 100)
        let batchCount = max(1, digits.count / batchSize)
        let batches = (0..<batchCount).map { index in
            (0..<batchSize).map { digits[(index * batchSize + $0) % digits.count] }
        }
        var rows: [Row] = []
        for recognizer in recognizers {
            status.update("inference: \(recognizer.id): \(iterations) single-digit calls")
            let single = benchmark.latency(iterations: iterations) { index in
                recognizer.probabilities(for: [digits[index % digits.count]])[0][0]
            }
            status.update("inference: \(recognizer.id): batches of \(batchSize)")
            let batch = benchmark.throughput(itemsPerCall: batchSize, minimumCalls: 10, minimumSeconds: 2) { index in
                recognizer.probabilities(for: batches[index % batches.count])[0][0]
            }
            let target = Self.targets[recognizer.id]
            let median = single.statistics.median * 1000
            rows.append(Row(
                model: recognizer.id, parameters: recognizer.parameterCount, singleCalls: single.statistics.samples,
                singleMedianMs: median, singleP99Ms: single.statistics.p99 * 1000, singleMeanMs: single.statistics.mean * 1000,
                batchSize: batchSize, batchDigitsPerSecond: batch.itemsPerSecond, batchDigitsPerCPUSecond: batch.itemsPerCPUSecond,
                targetMs: target, meetsTarget: target.map { median < $0 }))
            status.finish(String(
                format: "inference: %@ single median %.4f ms, p99 %.4f ms; batch-%d %.0f digits/s (%.0f per CPU second)",
                recognizer.id, median, single.statistics.p99 * 1000, batchSize, batch.itemsPerSecond, batch.itemsPerCPUSecond))
        }
        return rows
    }

    static func table(_ rows: [Row], iterations: Int) -> String {
        var table = TextTable(["model", "params", "median ms", "p99 ms", "batch digits/s", "per CPU s", "target (median)"])
        for row in rows {
            let target = row.targetMs.map { "< \($0) ms: " + (row.meetsTarget == true ? "met" : "MISSED") } ?? "-"
            table.append([
                row.model, "\(row.parameters)", String(format: "%.4f", row.singleMedianMs), String(format: "%.4f", row.singleP99Ms),
                String(format: "%.0f", row.batchDigitsPerSecond), String(format: "%.0f", row.batchDigitsPerCPUSecond), target,
            ])
        }
        return "Inference (OpenBLAS 1 thread; single digit: \(iterations) calls on MNIST test digits; batches of \(rows.first?.batchSize ?? 0))\n"
            + table.render()
            + "\n  p99 and wall-clock throughput include time the scheduler gave to other processes; 'per CPU s' does not."
    }
}
