import DigitReaderCore

/// Leans and stretches a pen digit about the centre of its ink box, the way another writer's hand
/// would draw the same digit: upright or slanted, narrow or wide.
///
/// Applied to the strokes before they are drawn (`Augmentation.penSlant`, `penStretch`), so the
/// brush keeps its round shape and width, which warping the drawn picture would not.
public struct StrokeWarp: Sendable, Equatable {
    /// Horizontal shift per unit of height above the centre: positive leans the top to the right.
    public var slant: Float
    /// Factor applied to widths, heights unchanged.
    public var stretch: Float

    public init(slant: Float, stretch: Float) {
        self.slant = slant
        self.stretch = stretch
    }

    /// `strokes` (y downwards) warped about the centre of their ink box; every point keeps its
    /// stroke and order.
    public func apply(to strokes: [[SIMD2<Float>]]) -> [[SIMD2<Float>]] {
        guard let centre = StrokeBox(enclosing: strokes.joined())?.centre else { return strokes }
        return strokes.map { stroke in
            stroke.map { point in
                let offset = point - centre
                return centre + SIMD2(stretch * offset.x - slant * offset.y, offset.y)
            }
        }
    }
}
