/// An axis-aligned rectangle of whole pixels, e.g. where the ink was found in a picture.
public struct PixelRegion: Sendable, Equatable, CustomStringConvertible {
    /// Left column.
    public let x: Int
    /// Top row.
    public let y: Int
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int

    /// A rectangle with its top-left corner at `x`, `y`.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height) at (\(x), \(y))" }
}
