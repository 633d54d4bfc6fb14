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

    /// Scores `reading` against `number`; boxes compare with `inkBoxes(of:)`.
    public init(_ reading: NumberReading, of number: ComposedNumber) {
        let read = reading.digits.map { Probabilities.argmax($0.probabilities) }
        exact = read == number.digits
        correctDigits = Self.commonSubsequence(read, number.digits)
        segmentedCorrectly = read.count == number.digits.count
            && zip(reading.digits, Self.inkBoxes(of: number)).allSatisfy { Self.overlap($0.box, $1) >= 0.5 }
    }

    /// The boxes of the number's digits as a reading boxes them: around their ink, so the true
    /// centre-line boxes widened by half the brush.
    public static func inkBoxes(of number: ComposedNumber) -> [StrokeBox] {
        let halfBrush = min(number.width, number.height) / 28
        return number.boxes.map { $0.expanded(by: halfBrush) }
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
