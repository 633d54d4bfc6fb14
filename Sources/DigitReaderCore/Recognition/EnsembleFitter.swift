import Foundation

/// Fits the ensemble's member weights on held-out predictions and picks the better method.
public enum EnsembleFitter {
    /// - Parameters:
    ///   - predictions: per member id, the probabilities for every validation digit.
    ///   - labels: the validation labels.
    /// - Returns: weights minimising the validation log-loss, and the method (mean or weighted)
    ///   with the higher validation accuracy (mean wins ties: it is the simpler choice).
    public static func fit(predictions: [String: [[Float]]], labels: [Int], iterations: Int = 300) -> EnsembleSettings {
        let ids = predictions.keys.sorted()
        let members = ids.map { predictions[$0]! }
        // Weights are a softmax of free logits, so they stay positive and sum to 1.
        var logits = [Double](repeating: 0, count: ids.count)
        let learningRate = 0.5
        for _ in 0..<iterations {
            let weights = softmax(logits)
            var gradient = [Double](repeating: 0, count: ids.count)
            for (row, label) in labels.enumerated() {
                let mixed = zip(weights, members).reduce(0.0) { $0 + $1.0 * Double($1.1[row][label]) }
                let safe = max(mixed, 1e-12)
                for m in ids.indices {
                    // d(-log p)/d logit_m = -(w_m (p_m - p)) / p
                    gradient[m] -= weights[m] * (Double(members[m][row][label]) - mixed) / safe
                }
            }
            for m in ids.indices { logits[m] -= learningRate * gradient[m] / Double(labels.count) }
        }
        let fitted = softmax(logits)
        let equal = [Double](repeating: 1 / Double(ids.count), count: ids.count)
        let meanAccuracy = accuracy(members: members, weights: equal, labels: labels)
        let weightedAccuracy = accuracy(members: members, weights: fitted, labels: labels)
        return EnsembleSettings(
            method: weightedAccuracy > meanAccuracy ? .weighted : .mean,
            weights: Dictionary(uniqueKeysWithValues: zip(ids, fitted)),
            validationAccuracy: ["mean": meanAccuracy, "weighted": weightedAccuracy],
            accuracy: [:])
    }

    private static func softmax(_ values: [Double]) -> [Double] {
        let peak = values.max() ?? 0
        let exps = values.map { exp($0 - peak) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    private static func accuracy(members: [[[Float]]], weights: [Double], labels: [Int]) -> Double {
        var correct = 0
        for (row, label) in labels.enumerated() {
            var mixed = [Double](repeating: 0, count: 10)
            for (m, weight) in weights.enumerated() {
                for c in 0..<10 { mixed[c] += weight * Double(members[m][row][c]) }
            }
            if mixed.indices.max(by: { mixed[$0] < mixed[$1] }) == label { correct += 1 }
        }
        return labels.isEmpty ? 0 : Double(correct) / Double(labels.count)
    }
}
