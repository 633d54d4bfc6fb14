import DigitReaderCore

/// One of the standard ways of replaying pen digits on a 280 px canvas for measurement.
///
/// The figure that counts is the worst variant: people draw tiny digits with a fine pen, fill the
/// canvas with a fat brush, or draw in a corner, and the recognizer must read all of them.
public struct RenderingVariant: Sendable, Equatable, CustomStringConvertible {
    /// Short identifier, e.g. `thin-small`.
    public let name: String
    /// Brush diameter in canvas pixels.
    public let brushWidth: Float
    /// Fraction of the canvas side the digit spans.
    public let span: Float
    /// Centre of the digit as fractions of the canvas side.
    public let centre: SIMD2<Float>

    /// A variant with explicit geometry.
    public init(name: String, brushWidth: Float, span: Float, centre: SIMD2<Float> = SIMD2(0.5, 0.5)) {
        self.name = name
        self.brushWidth = brushWidth
        self.span = span
        self.centre = centre
    }

    /// 6 px brush, digit spans 35% of the canvas, centred.
    public static let thinSmall = RenderingVariant(name: "thin-small", brushWidth: 6, span: 0.35)
    /// 16 px brush, 70%, centred.
    public static let medium = RenderingVariant(name: "medium", brushWidth: 16, span: 0.7)
    /// 30 px brush, 90%, centred.
    public static let thickLarge = RenderingVariant(name: "thick-large", brushWidth: 30, span: 0.9)
    /// 14 px brush, 45%, pushed toward the top-left corner.
    public static let offCentre = RenderingVariant(name: "off-centre", brushWidth: 14, span: 0.45, centre: SIMD2(0.3, 0.3))

    /// The four standard variants.
    public static let standard: [RenderingVariant] = [.thinSmall, .medium, .thickLarge, .offCentre]

    /// A renderer drawing this variant: black ink on a transparent canvas, like the web page.
    public func renderer(canvasSide: Int = 280) -> StrokeRenderer {
        StrokeRenderer(canvasSide: canvasSide, brushWidth: brushWidth, span: span, centre: centre)
    }

    public var description: String { name }
}
