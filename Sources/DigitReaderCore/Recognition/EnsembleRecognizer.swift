import Foundation

/// A recognizer that combines the registered models' probabilities, itself usable like any model.
///
/// Two ways to combine, chosen by `EnsembleSettings.method`:
/// - `mean`: the plain mean of the members' probabilities;
/// - `weighted`: a weighted geometric mean (log-linear pooling), `p ∝ Π pₘ^wₘ`, with weights
///   fitted on held-out digits. Because the weights are free exponents they also correct each
///   member's calibration: a model trained with label smoothing is under-confident, and an
///   arithmetic mean would let a confident but weaker model outvote it.
public struct EnsembleRecognizer: Recognizer {
    public let id = "ensemble"
    public let name = "Ensemble"
    public let members: [any Recognizer]
    /// One non-negative weight per member: shares summing to 1 for `mean`, exponents for `weighted`.
    public let weights: [Float]
    public let settings: EnsembleSettings

    /// Combines `members` as `settings` says; members missing from fitted weights get none.
    public init(members: [any Recognizer], settings: EnsembleSettings) {
        self.members = members
        self.settings = settings
        switch settings.method {
        case .mean:
            self.weights = members.map { _ in 1 / Float(members.count) }
        case .weighted:
            self.weights = members.map { Float(max(settings.weights[$0.id] ?? 0, 0)) }
        }
    }

    public var summary: String {
        let parts = zip(members, weights).map { String(format: "%@ %.2f", $0.id, $1) }
        switch settings.method {
        case .mean:
            return "Mean of the models' probabilities"
        case .weighted:
            return "Weighted geometric mean of the models' probabilities, weights fitted on held-out digits (\(parts.joined(separator: ", ")))"
        }
    }

    public var parameterCount: Int { members.reduce(0) { $0 + $1.parameterCount } }

    public var card: ModelCard? { nil }

    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        var combined = [[Float]](repeating: [Float](repeating: 0, count: 10), count: batch.count)
        for (member, weight) in zip(members, weights) where weight > 0 {
            for (row, p) in member.probabilities(for: batch).enumerated() {
                for c in 0..<10 {
                    combined[row][c] += settings.method == .mean ? weight * p[c] : weight * Self.logProbability(p[c])
                }
            }
        }
        guard settings.method == .weighted else { return combined }
        return combined.map(Self.softmax)
    }

    /// `log p`, floored so that one member's zero cannot veto a class outright.
    static func logProbability(_ p: Float) -> Float {
        log(max(p, 1e-7))
    }

    static func softmax(_ scores: [Float]) -> [Float] {
        let peak = scores.max() ?? 0
        let exps = scores.map { exp($0 - peak) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }
}
