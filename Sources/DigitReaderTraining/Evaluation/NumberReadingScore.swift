import DigitReaderCore

/// How well one reading matches a composed number.
public struct NumberReadingScore: Sendable, Equatable {
    /// Whether the text read (the most probable digit at each place) is the number exactly.
    public let exact: Bool
    /// Digits read correctly, in order (longest common subsequence of the two texts).
    public let correctDigits: Int
    /// Whether the reader cut the number into the right pieces: as many digits as written, each
    /// box overlapping its true digit's box by at least half (intersection over union).
    public let segmentedCorrectly: Bool

    /// Scores `reading` against `number`; boxes compare after widening the true centre-line
    /// boxes by half the brush, since readings box the ink.
    public init(_ reading: NumberReading, of number: ComposedNumber) {
        let read = reading.digits.map { Probabilities.argmax($0.probabilities) }
        exact = read == number.digits
        correctDigits = Self.commonSubsequence(read, number.digits)
        let halfBrush = min(number.width, number.height) / 28
        segmentedCorrectly = read.count == number.digits.count
            && zip(reading.digits, number.boxes).allSatisfy { Self.overlap($0.box, $1.expanded(by: halfBrush)) >= 0.5 }
    }

    /// Intersection over union of two boxes.
    public static func overlap(_ a: StrokeBox, _ b: StrokeBox) -> Float {
        let width = max(0, min(a.maxX, b.maxX) - max(a.minX, b.minX))
        let height = max(0, min(a.maxY, b.maxY) - max(a.minY, b.minY))
        let intersection = width * height
        let union = a.width * a.height + b.width * b.height - intersection
        return union > 0 ? intersection / union : 0
    }

    /// Length of the longest common subsequence.
    static func commonSubsequence(_ a: [Int], _ b: [Int]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            previous = current
        }
        return previous[b.count]
    }
}
