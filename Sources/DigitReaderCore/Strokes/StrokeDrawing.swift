/// A drawing sent as pen strokes: pen-down to pen-up point lists, y growing downwards, in any
/// consistent unit, optionally with the size of the pad they were drawn on.
///
/// Strokes are drawn by the server itself, straight at the resolution the normaliser works at,
/// so a stroke upload skips PNG encoding in the client and decoding here. The brush follows the
/// web page's: 1/14 of the pad's shorter side (20 px on a 280 px pad). A drawing without a pad
/// size is taken to fill 70% of its pad's height, as a digit on the page typically does.
public struct StrokeDrawing: Sendable, Equatable {
    /// Most strokes a drawing may have: 16 digits of a few strokes each is far below it.
    public static let maxStrokes = 1_000
    /// Most points over all strokes: several times what a page sends for 16 digits.
    public static let maxPoints = 20_000
    /// Largest magnitude of a coordinate or pad side: keeps every product finite in `Float`.
    public static let maxCoordinate: Float = 1_000_000
    /// Longer side of the ink, in pixels, when a group of strokes is drawn for the normaliser:
    /// what a digit spanning 70% of a 280 px canvas gives after the normaliser's 2x shrink.
    public static let inkSide: Float = 96

    /// The strokes, each with at least one point.
    public let strokes: [[SIMD2<Float>]]
    /// Width and height of the pad, when the client said.
    public let padSize: SIMD2<Float>?

    /// Validates a drawing; every limit above and every number must be finite.
    public init(strokes: [[SIMD2<Float>]], width: Float? = nil, height: Float? = nil) throws(StrokeDrawingError) {
        guard strokes.count <= Self.maxStrokes else { throw .tooManyStrokes(strokes.count) }
        let points = strokes.reduce(0) { $0 + $1.count }
        guard points <= Self.maxPoints else { throw .tooManyPoints(points) }
        for (index, stroke) in strokes.enumerated() {
            guard !stroke.isEmpty else { throw .emptyStroke(index) }
            for point in stroke where !(Self.isValid(point.x) && Self.isValid(point.y)) {
                throw .invalidCoordinate(stroke: index)
            }
        }
        switch (width, height) {
        case (nil, nil):
            padSize = nil
        case let (width?, height?):
            guard Self.isValid(width), Self.isValid(height), width > 0, height > 0 else { throw .invalidPadSize }
            padSize = SIMD2(width, height)
        default:
            throw .invalidPadSize
        }
        self.strokes = strokes
    }

    /// The smallest size a drawing is scaled up from. Anything smaller (a single dot, or points
    /// a few float steps apart, or a pad of 1e-40 units) is drawn as if it were this size, so
    /// the scale up to `inkSide` pixels stays a finite number.
    static let smallestExtent: Float = inkSide / (Float.greatestFiniteMagnitude / 4)

    private static func isValid(_ value: Float) -> Bool {
        value.isFinite && abs(value) <= maxCoordinate
    }

    /// Whether there is nothing to read.
    public var isEmpty: Bool { strokes.isEmpty }

    /// Brush diameter in the drawing's units.
    public var brushWidth: Float {
        if let padSize { return min(padSize.x, padSize.y) / 14 }
        guard let bounds = bounds(of: strokes.indices) else { return 1 }
        // Without a pad: the ink is taken as 70% of the pad's height (a dash or a dot still
        // gets a brush in proportion to its length).
        return max(bounds.height / (0.7 * 14), max(bounds.width, bounds.height) / 40, Self.smallestExtent)
    }

    /// The box around the centre lines of the strokes at `indices`, `nil` when there are none.
    public func bounds(of indices: some Sequence<Int>) -> StrokeBox? {
        StrokeBox(enclosing: indices.lazy.flatMap { strokes[$0] })
    }

    /// The strokes at `indices` drawn black on white with round caps and joins, scaled so the
    /// longer side of their centre lines spans `inkSide` pixels: the normaliser's input.
    public func picture(of indices: some Collection<Int>) -> CompositedPicture {
        let brush = brushWidth
        guard let box = bounds(of: indices) else {
            return CompositedPicture(grey: [255], width: 1, height: 1, pageGrey: 255)
        }
        let scale = Self.inkSide / max(box.width, box.height, brush, Self.smallestExtent)
        let margin = brush * scale / 2 + 2
        let width = Int((box.width * scale + 2 * margin).rounded(.up))
        let height = Int((box.height * scale + 2 * margin).rounded(.up))
        let origin = SIMD2(box.minX, box.minY)
        let placed = indices.map { index in
            strokes[index].map { ($0 - origin) * scale + SIMD2(margin, margin) }
        }
        var coverage = [Float](repeating: 0, count: width * height)
        coverage.withUnsafeMutableBufferPointer { coverage in
            StrokeRenderer.addCoverage(of: placed, brushWidth: brush * scale, to: coverage, width: width, height: height)
        }
        let grey = coverage.map { UInt8(255 - ($0 * 255).rounded()) }
        return CompositedPicture(grey: grey, width: width, height: height, pageGrey: 255)
    }
}
