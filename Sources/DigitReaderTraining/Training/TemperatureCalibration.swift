import DigitReaderCore
import Foundation

/// Fits the temperature that makes a model's confidences honest.
///
/// A network's softmax is rarely calibrated: one trained with label smoothing says 0.55 where it
/// is right nine times in ten, and the server's "could not identify" rule (top probability under
/// a threshold) then turns away answers that were right. Dividing the logits by one temperature
/// fitted on held-out digits (minimum log-loss) fixes the confidences and never changes which
/// digit wins.
public enum TemperatureCalibration {
    /// The temperature in `range` minimising the mean negative log-likelihood of `labels` under
    /// `softmax(logits / temperature)` (golden-section search on its logarithm).
    public static func fit(logits: [[Float]], labels: [Int], range: ClosedRange<Double> = 0.05...20) -> Float {
        precondition(logits.count == labels.count && !logits.isEmpty, "calibration needs one label per row of logits")
        return Float(minimumOnLogScale(in: range, steps: 60) { temperature in
            negativeLogLikelihood(logits: logits, labels: labels, temperature: temperature)
        })
    }

    /// The positive value in `range` minimising `loss`, found by golden-section search on its
    /// logarithm (scale-like quantities: a temperature, an ensemble's overall weight). `loss`
    /// must have one minimum in the range.
    static func minimumOnLogScale(in range: ClosedRange<Double>, steps: Int, _ loss: (Double) -> Double) -> Double {
        var (low, high) = (log(range.lowerBound), log(range.upperBound))
        let ratio = (5.0.squareRoot() - 1) / 2
        // Each step keeps one interior point and its loss, so only one new loss is computed.
        var (a, b) = (high - ratio * (high - low), low + ratio * (high - low))
        var (lossA, lossB) = (loss(exp(a)), loss(exp(b)))
        for _ in 0..<steps {
            if lossA < lossB {
                (high, b, lossB) = (b, a, lossA)
                a = high - ratio * (high - low)
                lossA = loss(exp(a))
            } else {
                (low, a, lossA) = (a, b, lossB)
                b = low + ratio * (high - low)
                lossB = loss(exp(b))
            }
        }
        return exp((low + high) / 2)
    }

    /// Mean negative log-likelihood of `labels` under `softmax(logits / temperature)`.
    public static func negativeLogLikelihood(logits: [[Float]], labels: [Int], temperature: Double) -> Double {
        var total = 0.0
        for (row, label) in zip(logits, labels) {
            let scaled = row.map { Double($0) / temperature }
            let peak = scaled.max() ?? 0
            let logSum = log(scaled.reduce(0) { $0 + exp($1 - peak) }) + peak
            total += logSum - scaled[label]
        }
        return total / Double(labels.count)
    }
}

extension NetworkRecognizer {
    /// The temperature that calibrates this network on `dataset` (the validation split), with
    /// the mean log-loss before (temperature 1) and after.
    public func fittedTemperature(on dataset: MNISTDataset, batchSize: Int = 500) -> (temperature: Float, lossBefore: Double, lossAfter: Double) {
        fittedTemperature(on: ValidationSet(dataset), batchSize: batchSize)
    }

    /// The temperature that calibrates this network on the held-out digits of `set`, with the
    /// mean log-loss before (temperature 1) and after.
    public func fittedTemperature(on set: ValidationSet, batchSize: Int = 500) -> (temperature: Float, lossBefore: Double, lossAfter: Double) {
        var logits: [[Float]] = []
        logits.reserveCapacity(set.count)
        for start in stride(from: 0, to: set.count, by: batchSize) {
            logits += network(Tensor(batch: Array(set.images[start..<min(start + batchSize, set.count)]))).rows
        }
        let temperature = TemperatureCalibration.fit(logits: logits, labels: set.labels)
        return (
            temperature,
            TemperatureCalibration.negativeLogLikelihood(logits: logits, labels: set.labels, temperature: 1),
            TemperatureCalibration.negativeLogLikelihood(logits: logits, labels: set.labels, temperature: Double(temperature)))
    }
}
