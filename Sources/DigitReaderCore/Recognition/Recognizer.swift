/// Anything that reads a normalised digit and scores the ten classes.
///
/// Recognizers are pure and thread-safe: the server calls one recognizer from many requests at
/// once, and the same input always gives the same output.
public protocol Recognizer: Sendable {
    /// Stable identifier used in URLs, the CLI and weight file names, e.g. `softmax`.
    var id: String { get }
    /// Human-readable name, e.g. "Softmax regression".
    var name: String { get }
    /// One line saying what the model is.
    var summary: String { get }
    /// Number of trainable parameters.
    var parameterCount: Int { get }
    /// What is known about how well the model reads digits (accuracy on MNIST and more).
    var card: ModelCard? { get }
    /// Measured accuracy on named test sets (`mnist`), as fractions; the card's by default.
    var accuracy: [String: Double] { get }
    /// Ten probabilities summing to 1 for each digit of the batch.
    func probabilities(for batch: [DigitImage]) -> [[Float]]
}

extension Recognizer {
    public var accuracy: [String: Double] { card?.accuracy ?? [:] }

    /// Ten probabilities summing to 1 for one digit.
    public func probabilities(for digit: DigitImage) -> [Float] {
        probabilities(for: [digit])[0]
    }
}
