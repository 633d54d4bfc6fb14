import Foundation

/// A recognizer that combines the registered models' probabilities, itself usable like any model.
///
/// Two ways, chosen by `EnsembleSettings.method`:
/// - `mean`: the plain mean of the members' probabilities;
/// - `weighted`: a weighted geometric mean (log-linear pooling), `p ∝ Π pₘ^wₘ`, with weights
///   fitted on held-out digits. Because the weights are free exponents they also correct each
///   member's calibration, so a confident but weaker model cannot outvote a stronger one.
public struct EnsembleRecognizer: Recognizer {
    /// The id every registry gives the ensemble; no module may take it.
    public static let reservedID = "ensemble"

    public var id: String { Self.reservedID }
    public let name = "Ensemble"
    public let members: [any Recognizer]
    /// One non-negative weight per member: shares summing to 1 for `mean`, exponents for
    /// `weighted`.
    public let weights: [Float]
    public let settings: EnsembleSettings

    /// Combines `members` as `settings` says; members missing from fitted weights get none.
    public init(members: [any Recognizer], settings: EnsembleSettings) {
        self.members = members
        self.settings = settings
        self.weights = Self.weights(for: members.map(\.id), settings: settings)
    }

    /// The weight of each member (by id, in order) under `settings`.
    public static func weights(for ids: [String], settings: EnsembleSettings) -> [Float] {
        switch settings.method {
        case .mean: ids.map { _ in 1 / Float(ids.count) }
        case .weighted: ids.map { Float(max(settings.weights[$0] ?? 0, 0)) }
        }
    }

    /// How the members are combined.
    public var method: EnsembleSettings.Method { settings.method }

    public var summary: String {
        let parts = zip(members, weights).map { String(format: "%@ %.2f", $0.id, $1) }
        switch method {
        case .mean:
            return "Mean of the models' probabilities"
        case .weighted:
            return "Weighted geometric mean of the models' probabilities, weights fitted on held-out digits (\(parts.joined(separator: ", ")))"
        }
    }

    /// Parameters of the members it actually consults.
    public var parameterCount: Int {
        zip(members, weights).reduce(0) { $0 + ($1.1 > 0 ? $1.0.parameterCount : 0) }
    }

    public var card: ModelCard? { nil }

    /// Measured when it was fitted (`fit-ensemble`).
    public var accuracy: [String: Double] { settings.accuracy }

    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        let consulted = zip(members, weights).map { member, weight in weight > 0 ? member.probabilities(for: batch) : [] }
        return combine(consulted)
    }

    /// The ensemble's answer from answers the members already gave: `memberProbabilities[m]`
    /// holds member `m`'s probabilities for every digit (it may be empty for a member whose
    /// weight is 0). Compare uses this so no member runs twice.
    public func combine(_ memberProbabilities: [[[Float]]]) -> [[Float]] {
        Self.combine(memberProbabilities, weights: weights, method: method)
    }

    /// Combines members' answers with explicit weights: the rule itself, shared with fitting.
    public static func combine(_ memberProbabilities: [[[Float]]], weights: [Float], method: EnsembleSettings.Method) -> [[Float]] {
        precondition(memberProbabilities.count == weights.count, "one answer list per member")
        let count = zip(memberProbabilities, weights).first { $1 > 0 }?.0.count ?? 0
        var combined = [[Float]](repeating: [Float](repeating: 0, count: DigitClass.count), count: count)
        for (answers, weight) in zip(memberProbabilities, weights) where weight > 0 {
            precondition(answers.count == count, "every consulted member answers every digit")
            for (row, p) in answers.enumerated() {
                for c in 0..<DigitClass.count {
                    combined[row][c] += method == .mean ? weight * p[c] : weight * Probabilities.log(p[c])
                }
            }
        }
        guard method == .weighted else { return combined }
        return combined.map(Probabilities.softmax)
    }
}
