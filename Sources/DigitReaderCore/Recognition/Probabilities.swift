import Foundation

/// The classes every recognizer tells apart: the digits 0...9.
public enum DigitClass {
    /// How many classes there are.
    public static let count = 10
}

/// The rules for probability vectors over the digit classes, in one place.
public enum Probabilities {
    /// The smallest probability `log` sees, so one member's zero cannot veto a class outright.
    public static let logFloor: Float = 1e-7

    /// `log p`, floored at `logFloor`.
    public static func log(_ p: Float) -> Float {
        Foundation.log(max(p, logFloor))
    }

    /// The softmax of `scores`, computed stably (shifted by the largest score).
    public static func softmax(_ scores: [Float]) -> [Float] {
        let peak = scores.max() ?? 0
        let exps = scores.map { exp($0 - peak) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// Index of the largest value (the first one on ties).
    public static func argmax(_ values: [Float]) -> Int {
        values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) } ?? 0
    }
}

extension Array where Element == Float {
    /// Index of the largest value (the first one on ties).
    public var argmax: Int { Probabilities.argmax(self) }
}
