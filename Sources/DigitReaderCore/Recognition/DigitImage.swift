/// A digit as every recognizer sees it: 28x28 grey values in `0...1`, white ink on black,
/// row-major, exactly the convention of the MNIST training images.
///
/// Keeping one fixed input type is what lets preprocessing, training and every recognizer
/// module evolve independently: anything that produces a `DigitImage` can be recognised.
public struct DigitImage: Sendable, Equatable {
    /// Width and height in pixels.
    public static let side = 28
    /// Number of pixels, `side * side`.
    public static let pixelCount = side * side

    /// Row-major intensities, `0` background and `1` full ink.
    public let pixels: [Float]

    /// Wraps 784 intensities in `0...1`.
    public init(pixels: [Float]) {
        precondition(pixels.count == Self.pixelCount, "a DigitImage has \(Self.pixelCount) pixels, got \(pixels.count)")
        self.pixels = pixels
    }

    /// Converts 784 bytes (`0` background, `255` ink), as stored in the MNIST files.
    public init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        self.init(pixels: bytes.map { Float($0) / 255 })
    }

    /// The pixel at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        pixels[row * Self.side + column]
    }

    /// An empty (all background) image.
    public static let blank = DigitImage(pixels: [Float](repeating: 0, count: pixelCount))
}
