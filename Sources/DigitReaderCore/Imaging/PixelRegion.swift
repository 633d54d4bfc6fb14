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

    /// The smallest region holding both this one and `other`.
    public func union(_ other: PixelRegion) -> PixelRegion {
        let (minX, minY) = (min(x, other.x), min(y, other.y))
        let (maxX, maxY) = (max(x + width, other.x + other.width), max(y + height, other.y + other.height))
        return PixelRegion(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    public var description: String { "\(width)x\(height) at (\(x), \(y))" }
}
