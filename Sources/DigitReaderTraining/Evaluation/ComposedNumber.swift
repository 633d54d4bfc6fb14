import DigitReaderCore

/// A number written by one pen writer, composed from their single digits, with the truth of
/// which strokes make each digit and where each digit is.
public struct ComposedNumber: Sendable {
    /// The digits, left to right.
    public let digits: [Int]
    /// Every stroke, digit after digit, in pad pixels (y downwards).
    public let strokes: [[SIMD2<Float>]]
    /// The digit (index into `digits`) each stroke belongs to.
    public let strokeDigits: [Int]
    /// Each digit's box around its strokes' centre lines.
    public let boxes: [StrokeBox]
    /// The pad's size in pixels.
    public let width: Float
    public let height: Float

    /// The digits as text, e.g. "2026".
    public var text: String { digits.map(String.init).joined() }

    /// The strokes as a drawing on the pad, as the web page sends them.
    public func drawing() throws(StrokeDrawingError) -> StrokeDrawing {
        try StrokeDrawing(strokes: strokes, width: width, height: height)
    }

    /// The pad as a canvas picture: black ink on transparent, with the page's brush.
    public func canvas() -> RasterImage {
        StrokeRenderer(brushWidth: min(width, height) / 14)
            .renderPlaced(strokes, width: Int(width.rounded(.up)), height: Int(height.rounded(.up)))
    }
}
