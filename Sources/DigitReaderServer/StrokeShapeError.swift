/// A `strokes` value that is not a list of strokes of `[x, y]` points.
enum StrokeShapeError: Error, CustomStringConvertible {
    /// The lists are nested wrongly, or hold something other than numbers.
    case nesting
    /// A point that is not exactly two numbers.
    case point(stroke: Int, point: Int, count: Int)

    var description: String {
        switch self {
        case .nesting:
            "'strokes' must be a list of strokes, each a list of [x, y] points of numbers, e.g. [[[10, 20], [12, 25]], [[40, 20]]]."
        case .point(let stroke, let point, let count):
            "Point \(point) of stroke \(stroke) has \(count) numbers; a point is [x, y]."
        }
    }
}
