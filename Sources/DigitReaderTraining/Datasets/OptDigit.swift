import DigitReaderCore

/// One scanned digit from the UCI optical digits: a 32 x 32 binary bitmap.
public struct OptDigit: Sendable, Equatable {
    /// The part of the original training file a digit comes from. Only `tra` may be trained on;
    /// `cv` and `wdep` are for validation (see `HandwritingSplit`).
    public enum Part: String, Sendable, Codable, CaseIterable {
        case tra, cv, wdep
    }

    /// The digit written, 0...9.
    public let label: Int
    /// Which part of the data set it belongs to.
    public let part: Part
    /// 32 x 32 row-major, `true` = ink.
    public let bitmap: [Bool]
    /// Side of the bitmap.
    public static let side = 32

    /// A digit from its label, part and `side * side` ink flags.
    public init(label: Int, part: Part = .tra, bitmap: [Bool]) {
        precondition(bitmap.count == Self.side * Self.side, "an OptDigit has \(Self.side * Self.side) pixels")
        self.label = label
        self.part = part
        self.bitmap = bitmap
    }

    /// The bitmap as a picture: black ink on white paper, as scanned.
    public var image: RasterImage {
        RasterImage(width: Self.side, height: Self.side, grey: bitmap.map { $0 ? 0 : 255 })
    }
}
