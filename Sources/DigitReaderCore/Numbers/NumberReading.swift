/// What `NumberReader` found: the digits of a number, left to right.
public struct NumberReading: Sendable {
    /// One digit of the number.
    public struct Digit: Sendable {
        /// The recognizer's ten probabilities for it.
        public let probabilities: [Float]
        /// Where it is, in the upload's own units (image pixels or stroke coordinates).
        public let box: StrokeBox
        /// What the recognizer saw.
        public let normalized: NormalizedDigit
    }

    /// The digits, left to right; empty when nothing was written.
    public let digits: [Digit]

    public var isEmpty: Bool { digits.isEmpty }
}
