/// Why a stroke drawing was refused.
public enum StrokeDrawingError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooManyStrokes(Int)
    case tooManyPoints(Int)
    /// A stroke with no points (its index).
    case emptyStroke(Int)
    /// A coordinate that is not a finite number within `StrokeDrawing.maxCoordinate` (the stroke's index).
    case invalidCoordinate(stroke: Int)
    /// `width` and `height` must come together, as positive finite numbers.
    case invalidPadSize

    public var description: String {
        switch self {
        case .tooManyStrokes(let count):
            "The drawing has \(count) strokes; at most \(StrokeDrawing.maxStrokes) are accepted."
        case .tooManyPoints(let count):
            "The drawing has \(count) points; at most \(StrokeDrawing.maxPoints) are accepted in all."
        case .emptyStroke(let index):
            "Stroke \(index) has no points; every stroke needs at least one [x, y] point."
        case .invalidCoordinate(let stroke):
            "Stroke \(stroke) has a coordinate that is not a finite number of magnitude at most \(Int(StrokeDrawing.maxCoordinate))."
        case .invalidPadSize:
            "'width' and 'height' must be given together, as positive numbers of magnitude at most \(Int(StrokeDrawing.maxCoordinate))."
        }
    }
}
