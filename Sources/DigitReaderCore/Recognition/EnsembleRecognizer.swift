/// A recognizer that combines the registered models' probabilities, itself usable like any model.
///
/// Averaging models that make different mistakes removes much of each one's "seed lottery";
/// weights fitted on held-out data let a stronger member count for more.
public struct EnsembleRecognizer: Recognizer {
    public let id = "ensemble"
    public let name = "Ensemble"
    public let members: [any Recognizer]
    /// One non-negative weight per member, summing to 1.
    public let weights: [Float]
    public let settings: EnsembleSettings

    /// Combines `members` as `settings` says; members missing from fitted weights get none.
    public init(members: [any Recognizer], settings: EnsembleSettings) {
        self.members = members
        self.settings = settings
        let raw: [Float] = members.map { member in
            switch settings.method {
            case .mean: 1
            case .weighted: Float(settings.weights[member.id] ?? 0)
            }
        }
        let total = raw.reduce(0, +)
        self.weights = total > 0 ? raw.map { $0 / total } : members.map { _ in 1 / Float(members.count) }
    }

    public var summary: String {
        let parts = zip(members, weights).map { "\($0.id) \(Int(($1 * 100).rounded()))%" }
        return "\(settings.method == .mean ? "Mean" : "Weighted mean") of the models' probabilities (\(parts.joined(separator: ", ")))"
    }

    public var parameterCount: Int { members.reduce(0) { $0 + $1.parameterCount } }

    public var card: ModelCard? { nil }

    public func probabilities(for batch: [DigitImage]) -> [[Float]] {
        var combined = [[Float]](repeating: [Float](repeating: 0, count: 10), count: batch.count)
        for (member, weight) in zip(members, weights) where weight > 0 {
            for (row, p) in member.probabilities(for: batch).enumerated() {
                for c in 0..<10 { combined[row][c] += weight * p[c] }
            }
        }
        return combined
    }
}
