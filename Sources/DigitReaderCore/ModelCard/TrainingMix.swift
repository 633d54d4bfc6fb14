/// How much real handwriting an epoch holds beside MNIST: part of each module's recipe.
///
/// MNIST stays the base (every training digit once per epoch); pen digits by the training writers
/// are drawn `penRenders` times each, every time in a new random canvas style, and scanned
/// training digits are shown `scanCopies` times each.
public struct TrainingMix: Codable, Sendable, Equatable {
    /// Renders of each pen training digit per epoch.
    public var penRenders: Int
    /// Copies of each scanned training digit per epoch.
    public var scanCopies: Int

    public init(penRenders: Int, scanCopies: Int) {
        precondition(penRenders >= 0 && scanCopies >= 0, "a training mix cannot hold a negative number of digits")
        self.penRenders = penRenders
        self.scanCopies = scanCopies
    }

    /// MNIST alone.
    public static let mnistOnly = TrainingMix(penRenders: 0, scanCopies: 0)

    /// Whether any real handwriting is mixed in.
    public var usesHandwriting: Bool { penRenders > 0 || scanCopies > 0 }
}
