import DigitReaderCore
import Foundation

/// Fits the ensemble on held-out digits and checks that it is worth having.
///
/// The validation digits come in named sets (MNIST's validation split, the pen validation
/// writers); the weights are fitted on all of them together, and the ensemble must read every
/// set better than its best member does there. An ensemble that only matches a member is
/// refused: "the best member alone" is not a possible outcome.
public enum EnsembleFitter {
    /// One named set of validation digits: its labels and every member's answers for them.
    public struct ValidationSetAnswers: Sendable {
        public let name: String
        public let labels: [Int]
        /// Per member id, the probabilities for every digit of the set.
        public let answers: [String: [[Float]]]

        public init(name: String, labels: [Int], answers: [String: [[Float]]]) {
            precondition(answers.values.allSatisfy { $0.count == labels.count }, "every member answers every digit of \(name)")
            self.name = name
            self.labels = labels
            self.answers = answers
        }
    }

    /// Fits the exponents of the weighted geometric mean in two parts, since the digit it picks
    /// depends only on the members' shares and its confidence only on their overall scale:
    /// 1. the shares (summing to 1, on a grid of `gridStep`) that read the sets best on average,
    ///    ties going to fewer members, then to the shares nearest those of the minimum log-loss
    ///    fit (a convex problem, solved by projected gradient descent with the weights kept
    ///    non-negative);
    /// 2. the overall scale with the minimum log-loss, so confidences stay calibrated.
    /// Then it keeps the weighted or the plain mean, whichever reads the sets better on average
    /// (ties to the plain mean), and records every accuracy.
    public static func fit(
        members ids: [String], sets: [ValidationSetAnswers], gridStep: Double = 0.05, iterations: Int = 500
    ) -> EnsembleSettings {
        let labels = sets.flatMap(\.labels)
        // logs[m][row][c] = log p_m(c | row)
        let logs = ids.map { id in sets.flatMap { $0.answers[id]! }.map { $0.map { Double(Probabilities.log($0)) } } }
        var weights = [Double](repeating: 1 / Double(max(ids.count, 1)), count: ids.count)
        let learningRate = 0.5
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: ids.count)
            for (row, label) in labels.enumerated() {
                let pooled = pool(logs: logs, row: row, weights: weights)
                for m in ids.indices {
                    let expected = (0..<DigitClass.count).reduce(0.0) { $0 + pooled[$1] * logs[m][row][$1] }
                    gradient[m] -= logs[m][row][label] - expected
                }
            }
            for m in ids.indices {
                weights[m] = max(0, weights[m] - learningRate * gradient[m] / Double(max(labels.count, 1)))
            }
        }
        let total = weights.reduce(0, +)
        let lossShares = total > 0 ? weights.map { $0 / total } : weights
        let shares = bestShares(logs: logs, sets: sets, step: gridStep, preferring: lossShares)
        let scale = bestScale(logs: logs, labels: labels, shares: shares)
        let fitted = Dictionary(uniqueKeysWithValues: zip(ids, shares.map { $0 * scale }))
        let candidates = EnsembleSettings.Method.allCases.map { method in
            var settings = EnsembleSettings(method: method, weights: fitted)
            settings.validation = validation(of: settings, members: ids, sets: sets)
            return settings
        }
        func meanAccuracy(_ settings: EnsembleSettings) -> Double {
            let figures = settings.validation.values.compactMap { $0[EnsembleRecognizer.reservedID] }
            return figures.reduce(0, +) / Double(max(figures.count, 1))
        }
        return candidates.max { meanAccuracy($0) < meanAccuracy($1) || (meanAccuracy($0) == meanAccuracy($1) && $0.method == .mean) }!
    }

    /// The members' shares, on a grid of `step` over the simplex, whose weighted geometric mean
    /// has the highest accuracy averaged over the sets; ties go to the shares using the fewest
    /// members (each one costs a forward pass on every request), then to those nearest `preferred`.
    private static func bestShares(logs: [[[Double]]], sets: [ValidationSetAnswers], step: Double, preferring preferred: [Double]) -> [Double] {
        let members = logs.count
        guard members > 1 else { return [Double](repeating: 1, count: members) }
        let parts = max(1, Int((1 / step).rounded()))
        let labels = sets.flatMap(\.labels)
        let boundaries = sets.reduce(into: [0]) { $0.append($0.last! + $1.labels.count) }
        // Flattened for speed: flat[m][row * classes + c].
        let classes = DigitClass.count
        let flat = logs.map { rows in rows.flatMap { $0 } }
        var best: (shares: [Double], accuracy: Double, used: Int, distance: Double)?
        var shares = [Int](repeating: 0, count: members)
        func visit(_ member: Int, remaining: Int) {
            if member == members - 1 {
                shares[member] = remaining
                let candidate = shares.map { Double($0) / Double(parts) }
                var accuracySum = 0.0
                for set in 0..<(boundaries.count - 1) {
                    var correct = 0
                    for row in boundaries[set]..<boundaries[set + 1] {
                        var bestClass = 0
                        var bestScore = -Double.infinity
                        for c in 0..<classes {
                            var score = 0.0
                            for m in 0..<members where candidate[m] > 0 { score += candidate[m] * flat[m][row * classes + c] }
                            if score > bestScore { (bestScore, bestClass) = (score, c) }
                        }
                        if bestClass == labels[row] { correct += 1 }
                    }
                    accuracySum += Double(correct) / Double(max(boundaries[set + 1] - boundaries[set], 1))
                }
                let accuracy = accuracySum / Double(max(boundaries.count - 1, 1))
                let used = candidate.filter { $0 > 0 }.count
                let distance = zip(candidate, preferred).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                if best == nil || (-accuracy, used, distance) < (-best!.accuracy, best!.used, best!.distance) {
                    best = (candidate, accuracy, used, distance)
                }
                return
            }
            for part in 0...remaining {
                shares[member] = part
                visit(member + 1, remaining: remaining - part)
            }
        }
        visit(0, remaining: parts)
        return best!.shares
    }

    /// The multiple of `shares` with the lowest mean log-loss, searched as temperatures are.
    private static func bestScale(logs: [[[Double]]], labels: [Int], shares: [Double]) -> Double {
        TemperatureCalibration.minimumOnLogScale(in: 0.05...20, steps: 40) { scale in
            let weights = shares.map { $0 * scale }
            var total = 0.0
            for (row, label) in labels.enumerated() {
                total -= log(max(pool(logs: logs, row: row, weights: weights)[label], 1e-300))
            }
            return total / Double(max(labels.count, 1))
        }
    }

    /// Accuracy of the ensemble (`settings`) and of every member on every set.
    public static func validation(of settings: EnsembleSettings, members ids: [String], sets: [ValidationSetAnswers]) -> [String: [String: Double]] {
        let weights = EnsembleRecognizer.weights(for: ids, settings: settings)
        var result: [String: [String: Double]] = [:]
        for set in sets {
            var figures: [String: Double] = [:]
            for id in ids { figures[id] = accuracy(set.answers[id]!, labels: set.labels) }
            let combined = EnsembleRecognizer.combine(ids.map { set.answers[$0]! }, weights: weights, method: settings.method)
            figures[EnsembleRecognizer.reservedID] = accuracy(combined, labels: set.labels)
            result[set.name] = figures
        }
        return result
    }

    /// Refuses settings whose ensemble does not read every validation set strictly better than
    /// the best member on that set.
    public static func check(_ settings: EnsembleSettings) throws(EnsembleFitError) {
        guard !settings.validation.isEmpty else { throw .noValidation }
        for (set, figures) in settings.validation.sorted(by: { $0.key < $1.key }) {
            let ensemble = figures[EnsembleRecognizer.reservedID] ?? 0
            guard let best = figures.filter({ $0.key != EnsembleRecognizer.reservedID }).max(by: { $0.value < $1.value }) else { continue }
            if ensemble <= best.value {
                throw .doesNotBeatBestMember(set: set, ensemble: ensemble, member: best.key, memberAccuracy: best.value)
            }
        }
    }

    /// The pooled distribution `softmax(Σₘ wₘ log pₘ)` for one digit, in double precision: the
    /// gradient sums over thousands of digits.
    private static func pool(logs: [[[Double]]], row: Int, weights: [Double]) -> [Double] {
        let scores = (0..<DigitClass.count).map { c in weights.indices.reduce(0.0) { $0 + weights[$1] * logs[$1][row][c] } }
        let peak = scores.max() ?? 0
        let exps = scores.map { exp($0 - peak) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    private static func accuracy(_ answers: [[Float]], labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        let correct = zip(answers, labels).filter { $0.argmax == $1 }.count
        return Double(correct) / Double(labels.count)
    }
}

/// Why `fit-ensemble` refused to write an ensemble.
public enum EnsembleFitError: Error, Equatable, CustomStringConvertible {
    case noValidation
    case doesNotBeatBestMember(set: String, ensemble: Double, member: String, memberAccuracy: Double)

    public var description: String {
        switch self {
        case .noValidation:
            "the ensemble was fitted without validation digits, so nothing shows that it beats its members"
        case let .doesNotBeatBestMember(set, ensemble, member, memberAccuracy):
            String(
                format: "on %@ the ensemble reads %.2f%%, not more than %@ alone (%.2f%%): train members that make different mistakes, then fit again",
                set, ensemble * 100, member, memberAccuracy * 100)
        }
    }
}
