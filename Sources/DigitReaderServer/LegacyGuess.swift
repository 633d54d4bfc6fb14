/// The original app's answer to `POST /` (`{"guess": 7}`), kept byte-compatible for its
/// unchanged jQuery client.
public struct LegacyGuess: Codable, Sendable, Equatable {
    /// The default model's most probable digit, always 0-9 (the original had no threshold).
    public var guess: Int

    public init(guess: Int) {
        self.guess = guess
    }
}
