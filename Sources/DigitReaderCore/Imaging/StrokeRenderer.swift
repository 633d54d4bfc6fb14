/// Draws pen strokes the way the web page's canvas does: anti-aliased, round caps and joins,
/// black ink on a transparent background by default.
///
/// It replays real pen trajectories (`PenDigitsDataset`) in controlled sizes, positions and
/// brush widths, so preprocessing and recognizers can be measured on what people draw without a
/// browser, and tests can build digits whose geometry is known exactly.
public struct StrokeRenderer: Sendable {
    /// Width and height of the square canvas in pixels.
    public var canvasSide: Int
    /// Brush diameter in canvas pixels.
    public var brushWidth: Float
    /// Fraction of the canvas side that the digit's longer side (stroke centre lines) spans.
    public var span: Float
    /// Centre of the digit as fractions of the canvas side; `(0.5, 0.5)` is centred.
    public var centre: SIMD2<Float>
    /// Colour of the ink.
    public var ink: RGBAColour
    /// Colour of the untouched canvas.
    public var background: RGBAColour

    /// A renderer; by default a 280 px canvas, 16 px brush, digit over 70% of the canvas, centred.
    public init(
        canvasSide: Int = 280, brushWidth: Float = 16, span: Float = 0.7, centre: SIMD2<Float> = SIMD2(0.5, 0.5),
        ink: RGBAColour = .black, background: RGBAColour = .transparent
    ) {
        self.canvasSide = canvasSide
        self.brushWidth = brushWidth
        self.span = span
        self.centre = centre
        self.ink = ink
        self.background = background
    }

    /// Renders strokes given in any coordinate system with y growing downwards; they are scaled
    /// uniformly (aspect ratio kept) so that their longer side spans `span` of the canvas.
    public func render(_ strokes: [[SIMD2<Float>]]) -> RasterImage {
        strokes.allSatisfy(\.isEmpty) ? canvas(coverage: [], width: canvasSide, height: canvasSide) : renderPlaced(place(strokes))
    }

    /// The strokes moved to where `render` draws them, in canvas pixels.
    public func place(_ strokes: [[SIMD2<Float>]]) -> [[SIMD2<Float>]] {
        guard let box = StrokeBox(enclosing: strokes.joined()) else { return strokes }
        let side = Float(canvasSide)
        let longer = max(box.width, box.height)
        let scale = longer > 0 ? span * side / longer : 1
        let middle = box.centre
        let target = centre * side
        return strokes.map { stroke in stroke.map { ($0 - middle) * scale + target } }
    }

    /// Renders strokes already in canvas pixel coordinates (no scaling or centring).
    public func renderPlaced(_ strokes: [[SIMD2<Float>]]) -> RasterImage {
        renderPlaced(strokes, width: canvasSide, height: canvasSide)
    }

    /// `renderPlaced(_:)` on a `width` x `height` pad instead of the square canvas (a number pad).
    public func renderPlaced(_ strokes: [[SIMD2<Float>]], width: Int, height: Int) -> RasterImage {
        var coverage = [Float](repeating: 0, count: width * height)
        coverage.withUnsafeMutableBufferPointer { coverage in
            Self.addCoverage(of: strokes, brushWidth: brushWidth, to: coverage, width: width, height: height)
        }
        return canvas(coverage: coverage, width: width, height: height)
    }

    /// Adds anti-aliased strokes with round caps and joins to a `width` x `height` coverage map
    /// (0...1; each pixel keeps the larger of its old and new coverage). Points are in pixels
    /// with pixel centres at half-integer coordinates, as on a canvas.
    public static func addCoverage(
        of strokes: [[SIMD2<Float>]], brushWidth: Float, to coverage: UnsafeMutableBufferPointer<Float>, width: Int, height: Int
    ) {
        let halfWidth = brushWidth / 2
        for stroke in strokes where !stroke.isEmpty {
            let segments = stroke.count == 1 ? [(stroke[0], stroke[0])] : zip(stroke, stroke.dropFirst()).map { ($0, $1) }
            for (start, end) in segments {
                let reach = halfWidth + 1
                let x0 = max(0, Int((min(start.x, end.x) - reach).rounded(.down)))
                let x1 = min(width - 1, Int((max(start.x, end.x) + reach).rounded(.up)))
                let y0 = max(0, Int((min(start.y, end.y) - reach).rounded(.down)))
                let y1 = min(height - 1, Int((max(start.y, end.y) + reach).rounded(.up)))
                guard x0 <= x1, y0 <= y1 else { continue }
                let direction = end - start
                let lengthSquared = (direction * direction).sum()
                for y in y0...y1 {
                    // Pixels already fully covered (most of a stroke's inside, drawn by the
                    // segments before) cannot change: skip them.
                    for x in x0...x1 where coverage[y * width + x] < 1 {
                        let point = SIMD2(Float(x) + 0.5, Float(y) + 0.5)
                        let along = lengthSquared > 0 ? min(max(((point - start) * direction).sum() / lengthSquared, 0), 1) : 0
                        let offset = point - (start + direction * along)
                        let distance = (offset * offset).sum().squareRoot()
                        let value = min(max(halfWidth + 0.5 - distance, 0), 1)
                        let index = y * width + x
                        if value > coverage[index] { coverage[index] = value }
                    }
                }
            }
        }
    }

    /// Composites ink over the background with the given per-pixel coverage.
    private func canvas(coverage: [Float], width: Int, height: Int) -> RasterImage {
        let count = width * height
        var pixels = [UInt8](repeating: 0, count: count * 4)
        let inkAlpha = Float(ink.alpha) / 255
        let backgroundAlpha = Float(background.alpha) / 255
        let inkComponents = [Float(ink.red), Float(ink.green), Float(ink.blue)]
        let backgroundComponents = [Float(background.red), Float(background.green), Float(background.blue)]
        for index in 0..<count {
            let cover = coverage.isEmpty ? 0 : coverage[index] * inkAlpha
            // Porter-Duff "over" with straight alpha.
            let alpha = cover + backgroundAlpha * (1 - cover)
            for channel in 0..<3 {
                let value = alpha > 0
                    ? (inkComponents[channel] * cover + backgroundComponents[channel] * backgroundAlpha * (1 - cover)) / alpha
                    : 0
                pixels[4 * index + channel] = UInt8(min(max(value.rounded(), 0), 255))
            }
            pixels[4 * index + 3] = UInt8(min(max((alpha * 255).rounded(), 0), 255))
        }
        return RasterImage(width: width, height: height, pixels: pixels)
    }
}
