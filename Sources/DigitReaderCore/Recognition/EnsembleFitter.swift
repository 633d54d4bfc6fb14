import Foundation

/// Fits the ensemble's member weights on held-out predictions and picks the better method.
public enum EnsembleFitter {
    /// - Parameters:
    ///   - predictions: per member id, the probabilities for every validation digit.
    ///   - labels: the validation labels.
    /// - Returns: the exponents of the weighted geometric mean that minimise the validation
    ///   log-loss (a convex problem, solved by projected gradient descent with weights kept
    ///   non-negative), and the method with the highest validation accuracy: the best member
    ///   alone, the plain mean, or the weighted mean (ties go to the simpler, in that order).
    public static func fit(predictions: [String: [[Float]]], labels: [Int], iterations: Int = 500) -> EnsembleSettings {
        let ids = predictions.keys.sorted()
        // logs[m][row][c] = log p_m(c | row)
        let logs = ids.map { id in predictions[id]!.map { $0.map { Double(EnsembleRecognizer.logProbability($0)) } } }
        var weights = [Double](repeating: 1 / Double(ids.count), count: ids.count)
        let learningRate = 0.5
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: ids.count)
            for (row, label) in labels.enumerated() {
                let pooled = pool(logs: logs, row: row, weights: weights)
                for m in ids.indices {
                    let expected = (0..<10).reduce(0.0) { $0 + pooled[$1] * logs[m][row][$1] }
                    gradient[m] -= logs[m][row][label] - expected
                }
            }
            for m in ids.indices {
                weights[m] = max(0, weights[m] - learningRate * gradient[m] / Double(max(labels.count, 1)))
            }
        }
        let meanAccuracy = accuracy(labels: labels) { row in
            (0..<10).map { c in ids.indices.reduce(0.0) { $0 + Double(predictions[ids[$1]]![row][c]) } }
        }
        let weightedAccuracy = accuracy(labels: labels) { pool(logs: logs, row: $0, weights: weights) }
        let memberAccuracies = ids.indices.map { m in accuracy(labels: labels) { logs[m][$0] } }
        let best = memberAccuracies.indices.max { memberAccuracies[$0] < memberAccuracies[$1] } ?? 0
        let bestAccuracy = memberAccuracies.isEmpty ? 0 : memberAccuracies[best]
        let method: EnsembleSettings.Method =
            if bestAccuracy >= max(meanAccuracy, weightedAccuracy) { .best }
            else if meanAccuracy >= weightedAccuracy { .mean }
            else { .weighted }
        return EnsembleSettings(
            method: method,
            weights: Dictionary(uniqueKeysWithValues: zip(ids, weights)),
            validationAccuracy: ["mean": meanAccuracy, "weighted": weightedAccuracy, "best": bestAccuracy],
            accuracy: [:],
            bestMember: ids.isEmpty ? nil : ids[best])
    }

    /// The pooled distribution `softmax(Σₘ wₘ log pₘ)` for one digit.
    private static func pool(logs: [[[Double]]], row: Int, weights: [Double]) -> [Double] {
        let scores = (0..<10).map { c in weights.indices.reduce(0.0) { $0 + weights[$1] * logs[$1][row][c] } }
        let peak = scores.max() ?? 0
        let exps = scores.map { exp($0 - peak) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    private static func accuracy(labels: [Int], scores: (Int) -> [Double]) -> Double {
        var correct = 0
        for (row, label) in labels.enumerated() {
            let s = scores(row)
            if s.indices.max(by: { s[$0] < s[$1] }) == label { correct += 1 }
        }
        return labels.isEmpty ? 0 : Double(correct) / Double(labels.count)
    }
}
