import DigitReaderCore

/// How one recognizer read one set of real digits: confusion, unread drawings and per-writer
/// results, so a single accuracy can be explained ("7s read as 2s", "writer 12 fails").
public struct RealDigitsScore: Codable, Sendable, Equatable {
    /// `confusion[label][predicted]` counts for the digits that were read.
    public private(set) var confusion: [[Int]]
    /// Per true label, digits the normaliser found empty (never read, so counted as wrong).
    public private(set) var emptyPerClass: [Int]
    /// Per group (e.g. writer id), `[correct, total]`; empty when no groups were given.
    public private(set) var perGroup: [String: [Int]]
    /// Confidence against accuracy for the digits that were read.
    public private(set) var calibration: CalibrationBins
    /// Every digit read wrong: its index in the scored set, true and read digit.
    public private(set) var mistakes: [Mistake]

    /// One digit read wrong.
    public struct Mistake: Codable, Sendable, Equatable {
        public let index: Int
        public let label: Int
        public let predicted: Int
    }

    /// An empty tally.
    public init() {
        confusion = [[Int]](repeating: [Int](repeating: 0, count: DigitClass.count), count: DigitClass.count)
        emptyPerClass = [Int](repeating: 0, count: DigitClass.count)
        perGroup = [:]
        calibration = CalibrationBins()
        mistakes = []
    }

    /// Adds one digit: `predicted` is nil when the drawing was found empty; `confidence` is the
    /// probability of the digit read, `index` its place in the scored set.
    public mutating func record(label: Int, predicted: Int?, confidence: Float? = nil, index: Int? = nil, group: Int? = nil) {
        if let predicted {
            confusion[label][predicted] += 1
            if let confidence { calibration.record(confidence: confidence, isCorrect: predicted == label) }
            if predicted != label, let index { mistakes.append(Mistake(index: index, label: label, predicted: predicted)) }
        } else {
            emptyPerClass[label] += 1
        }
        if let group {
            var tally = perGroup[String(group)] ?? [0, 0]
            tally[0] += predicted == label ? 1 : 0
            tally[1] += 1
            perGroup[String(group)] = tally
        }
    }

    /// Adds another tally of the same kind (from a parallel worker).
    public mutating func merge(_ other: RealDigitsScore) {
        for label in 0..<DigitClass.count {
            for predicted in 0..<DigitClass.count { confusion[label][predicted] += other.confusion[label][predicted] }
            emptyPerClass[label] += other.emptyPerClass[label]
        }
        perGroup.merge(other.perGroup) { [$0[0] + $1[0], $0[1] + $1[1]] }
        calibration.merge(other.calibration)
        mistakes += other.mistakes
    }

    /// Digits scored, empty ones included.
    public var count: Int { confusion.joined().reduce(0, +) + empty }
    /// Digits the normaliser found empty.
    public var empty: Int { emptyPerClass.reduce(0, +) }
    /// Digits read correctly.
    public var correct: Int { (0..<DigitClass.count).reduce(0) { $0 + confusion[$1][$1] } }
    /// Fraction right, 0...1 (empty drawings count as wrong).
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    /// Fraction right per true label.
    public var perClassAccuracy: [Double] {
        (0..<DigitClass.count).map { label in
            let total = confusion[label].reduce(0, +) + emptyPerClass[label]
            return total == 0 ? 0 : Double(confusion[label][label]) / Double(total)
        }
    }

    /// The most frequent mistakes, largest first: which true digit was read as which.
    public func topConfusions(_ limit: Int) -> [(label: Int, predicted: Int, count: Int)] {
        var mistakes: [(label: Int, predicted: Int, count: Int)] = []
        for label in 0..<DigitClass.count {
            for predicted in 0..<DigitClass.count where predicted != label && confusion[label][predicted] > 0 {
                mistakes.append((label, predicted, confusion[label][predicted]))
            }
        }
        return Array(mistakes.sorted { ($0.count, -$0.label, -$0.predicted) > ($1.count, -$1.label, -$1.predicted) }.prefix(limit))
    }

    /// Groups (writers) by accuracy, worst first, with their accuracy and size.
    public var groupsByAccuracy: [(group: String, accuracy: Double, count: Int)] {
        perGroup.map { (group: $0.key, accuracy: Double($0.value[0]) / Double(max($0.value[1], 1)), count: $0.value[1]) }
            .sorted { ($0.accuracy, Int($0.group) ?? 0) < ($1.accuracy, Int($1.group) ?? 0) }
    }
}
