/// One scanned digit from the UCI optical digits: a 32 x 32 binary bitmap.
public struct OptDigit: Sendable, Equatable {
    /// The digit written, 0...9.
    public let label: Int
    /// 32 x 32 row-major, `true` = ink.
    public let bitmap: [Bool]
    /// Side of the bitmap.
    public static let side = 32

    /// A digit from its label and `side * side` ink flags.
    public init(label: Int, bitmap: [Bool]) {
        precondition(bitmap.count == Self.side * Self.side, "an OptDigit has \(Self.side * Self.side) pixels")
        self.label = label
        self.bitmap = bitmap
    }

    /// The bitmap as a picture: black ink on white paper, as scanned.
    public var image: RasterImage {
        RasterImage(width: Self.side, height: Self.side, grey: bitmap.map { $0 ? 0 : 255 })
    }
}
