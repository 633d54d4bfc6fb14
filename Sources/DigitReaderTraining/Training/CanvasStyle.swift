import DigitReaderCore

/// One random way a person might draw on the page's 280 px canvas: brush width, how much of the
/// canvas the digit fills and where it sits.
///
/// Training draws every pen digit in a new style each epoch and normalises the picture exactly as
/// an upload is, so the model learns from what a canvas drawing becomes, in every size and brush
/// people use rather than the four fixed styles of the benchmark.
public struct CanvasStyle: Sendable, Equatable {
    /// Brush diameter in canvas pixels.
    public var brushWidth: Float
    /// Fraction of the canvas side that the digit's longer side spans.
    public var span: Float
    /// Centre of the digit as fractions of the canvas side.
    public var centre: SIMD2<Float>

    /// Side of the page's canvas in pixels.
    public static let canvasSide = 280
    /// Brush widths drawn from, in pixels: a fine pen to a fat finger.
    public static let brushWidths: ClosedRange<Float> = 4...32
    /// Spans drawn from: a small digit in a corner to one filling the canvas.
    public static let spans: ClosedRange<Float> = 0.3...0.92

    /// A style with explicit geometry.
    public init(brushWidth: Float, span: Float, centre: SIMD2<Float>) {
        self.brushWidth = brushWidth
        self.span = span
        self.centre = centre
    }

    /// A random style: brush and span uniform in their ranges, the digit placed anywhere it fits
    /// whole on the canvas (with half a brush to spare).
    public static func random(using generator: inout SeededGenerator) -> CanvasStyle {
        let brush = generator.nextUniform(in: brushWidths)
        let span = generator.nextUniform(in: spans)
        let margin = span / 2 + brush / Float(canvasSide)
        let free = max(0, 0.5 - margin)
        let centre = SIMD2(0.5 + generator.nextUniform(in: -free...free), 0.5 + generator.nextUniform(in: -free...free))
        return CanvasStyle(brushWidth: brush, span: span, centre: centre)
    }

    /// The strokes drawn in this style: black ink on a transparent canvas, like the page.
    public func render(_ strokes: [[SIMD2<Float>]]) -> RasterImage {
        StrokeRenderer(canvasSide: Self.canvasSide, brushWidth: brushWidth, span: span, centre: centre).render(strokes)
    }
}
