import DigitReaderCore

/// One pen-written digit: the trajectory of each pen-down stroke.
public struct PenDigit: Sendable, Equatable {
    /// The digit written, 0...9.
    public let label: Int
    /// Who wrote it (digits of one writer share quirks; useful for per-writer accuracy).
    public let writer: Int
    /// Pen-down to pen-up point lists, y growing downwards.
    public let strokes: [[SIMD2<Float>]]

    /// A digit from its parts.
    public init(label: Int, writer: Int, strokes: [[SIMD2<Float>]]) {
        self.label = label
        self.writer = writer
        self.strokes = strokes
    }

    /// The digit drawn on a canvas in one of the standard variants.
    public func render(_ variant: RenderingVariant, canvasSide: Int = 280) -> RasterImage {
        variant.renderer(canvasSide: canvasSide).render(strokes)
    }

    /// The web page's pad: 280 px square, 20 px brush.
    public static let pad = StrokeRenderer(canvasSide: 280, brushWidth: 20)

    /// The digit as the page uploads it when written on `pad`: its strokes placed there, sent as
    /// points with the pad's size.
    public func padDrawing() throws(StrokeDrawingError) -> StrokeDrawing {
        let side = Float(Self.pad.canvasSide)
        return try StrokeDrawing(strokes: Self.pad.place(strokes), width: side, height: side)
    }
}
