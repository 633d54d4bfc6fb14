import Foundation

/// A recognizer that combines the registered models' probabilities, itself usable like any model.
///
/// Three ways, chosen by `EnsembleSettings.method` (the one that read held-out digits best):
/// - `mean`: the plain mean of the members' probabilities;
/// - `weighted`: a weighted geometric mean (log-linear pooling), `p ∝ Π pₘ^wₘ`, with weights
///   fitted on held-out digits. Because the weights are free exponents they also correct each
///   member's calibration, so a confident but weaker model cannot outvote a stronger one;
/// - `best`: the best member alone, when no combination beat it: combining is only worth its
///   cost when it reads better.
public struct EnsembleRecognizer: Recognizer {
    public let id = "ensemble"
    public let name = "Ensemble"
    public let members: [any Recognizer]
    /// One non-negative weight per member: shares summing to 1 for `mean`, exponents for
    /// `weighted`, 1 for the member that `best` follows and 0 for the others.
    public let weights: [Float]
    public let settings: EnsembleSettings

    /// Combines `members` as `settings` says; members missing from fitted weights get none, and a
    /// `best` member that is not among `members` falls back to the plain mean.
    public init(members: [any Recognizer], settings: EnsembleSettings) {
        self.members = members
        self.settings = settings
        var method = settings.method
        if method == .best && !members.contains(where: { $0.id == settings.bestMember }) { method = .mean }
        self.method = method
        switch method {
        case .mean:
            self.weights = members.map { _ in 1 / Float(members.count) }
        case .weighted:
            self.weights = members.map { Float(max(settings.weights[$0.id] ?? 0, 0)) }
        case .best:
            self.weights = members.map { $0.id == settings.bestMember ? 1 : 0 }
        }
    }

    /// How the members are combined: `settings.method`, unless that cannot apply.
    public let method: EnsembleSettings.Method

    public var summary: String {
        let parts = zip(members, weights).map { String(format: "%@ %.2f", $0.id, $1) }
        switch method {
        case .mean:
            return "Mean of the models' probabilities"
        case .weighted:
            return "Weighted geometric mean of the models' probabilities, weights fitted on held-out digits (\(parts.joined(separator: ", ")))"
        case .best:
            return "Follows \(settings.bestMember ?? ""): on held-out digits no combination of the models read better"
        }
    }

    /// Parameters of the members it actually consults.
    public var parameterCount: Int {
        zip(members, weights).reduce(0) { $0 + ($1.1 > 0 ? $1.0.parameterCount : 0) }
    }

    public var card: ModelCard? { nil }

    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        if method == .best, let best = zip(members, weights).first(where: { $0.1 > 0 })?.0 {
            return best.probabilities(for: batch)
        }
        var combined = [[Float]](repeating: [Float](repeating: 0, count: 10), count: batch.count)
        for (member, weight) in zip(members, weights) where weight > 0 {
            for (row, p) in member.probabilities(for: batch).enumerated() {
                for c in 0..<10 {
                    combined[row][c] += method == .mean ? weight * p[c] : weight * Self.logProbability(p[c])
                }
            }
        }
        guard method == .weighted else { return combined }
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
