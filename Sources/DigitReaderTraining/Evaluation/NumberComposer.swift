import DigitReaderCore

/// Composes whole numbers from single pen digits the way people write them: one writer per
/// number, digits of different sizes on a sloping, jittering baseline, with natural gaps, some
/// neighbours whose boxes overlap (their inks kept apart) and some whose inks touch (moved
/// together until they first do, so strokes touch rather than cross).
///
/// Sizes are those of the web page's number pad: 280 px high (a 20 px brush), digits about
/// 180 px tall.
public struct NumberComposer: Sendable {
    /// Typical digit height in pad pixels.
    public var digitHeight: Float = 180
    /// Pad height in pixels; the brush is 1/14 of it.
    public var padHeight: Float = 280
    /// Digit heights vary by this factor around `digitHeight`.
    public var sizeJitter: ClosedRange<Float> = 0.8...1.2
    /// Baseline jitter per digit, as a fraction of `digitHeight`.
    public var baselineJitter: Float = 0.06
    /// Slope of the baseline (dy/dx), drawn once per number.
    public var slope: ClosedRange<Float> = -0.08...0.08
    /// Gaps between neighbouring digits' boxes, as fractions of `digitHeight`.
    public var naturalGap: ClosedRange<Float> = 0.05...0.35
    /// Gaps for neighbours whose boxes overlap, widened as far as needed to keep the inks apart.
    public var overlappingGap: ClosedRange<Float> = -0.15...0.0
    /// Share of neighbours whose boxes overlap, and whose inks touch.
    public var overlappingShare: Float = 0.2
    public var touchingShare: Float = 0.15

    public init() {}

    /// A number of `length` digits by one writer of `digits` (each digit drawn at random).
    public func compose(length: Int, from digits: [PenDigit], generator: inout SeededGenerator) -> ComposedNumber {
        let writers = Array(Set(digits.map(\.writer))).sorted()
        let writer = writers[Int(generator.next() % UInt64(writers.count))]
        let own = digits.filter { $0.writer == writer }
        let brush = padHeight / 14
        let slope = generator.nextUniform(in: self.slope)
        var strokes: [[SIMD2<Float>]] = []
        var strokeDigits: [Int] = []
        var boxes: [StrokeBox] = []
        var labels: [Int] = []
        var cursor: Float = 0
        for position in 0..<length {
            let label = Int(generator.next() % 10)
            let pool = own.contains { $0.label == label } ? own.filter { $0.label == label } : digits.filter { $0.label == label }
            let digit = pool[Int(generator.next() % UInt64(pool.count))]
            let height = digitHeight * generator.nextUniform(in: sizeJitter)
            var placed = Self.scaled(digit.strokes, toHeight: height)
            let baseline = generator.nextUniform(in: -baselineJitter...baselineJitter) * digitHeight
            // Where the digit goes at a given gap after the previous one: on the sloping baseline.
            let shift = { [cursor] (gap: Float) in SIMD2(cursor + gap, baseline + slope * (cursor + gap)) }
            var gap: Float = 0
            if position > 0 {
                let draw = generator.nextUniform()
                let previous = strokes.suffix(from: strokeDigits.firstIndex(of: position - 1) ?? 0)
                if draw < touchingShare {
                    gap = touchingGap(placed, after: previous, shift: shift, brush: brush)
                } else if draw < touchingShare + overlappingShare {
                    gap = separatedGap(placed, after: previous, shift: shift, brush: brush, from: generator.nextUniform(in: overlappingGap) * digitHeight)
                } else {
                    gap = generator.nextUniform(in: naturalGap) * digitHeight
                }
            }
            placed = placed.map { $0.map { $0 + shift(gap) } }
            let box = Self.bounds(placed)
            cursor = box.maxX
            strokes += placed
            strokeDigits += placed.map { _ in position }
            boxes.append(box)
            labels.append(label)
        }
        // Move everything onto a pad with room around the ink.
        let all = boxes.dropFirst().reduce(boxes[0]) { $0.union($1) }
        let margin = padHeight * 0.15
        let height = max(padHeight, all.height + 2 * margin)
        let offset = SIMD2(margin - all.minX, (height - all.height) / 2 - all.minY)
        return ComposedNumber(
            digits: labels, strokes: strokes.map { $0.map { $0 + offset } }, strokeDigits: strokeDigits,
            boxes: boxes.map { StrokeBox(minX: $0.minX + offset.x, minY: $0.minY + offset.y, maxX: $0.maxX + offset.x, maxY: $0.maxY + offset.y) },
            width: all.width + 2 * margin, height: height)
    }

    /// The gap (from the previous digit's right edge) at which `next`, moved right from far
    /// enough to where `shift` puts it, first touches the previous digit's ink.
    private func touchingGap(_ next: [[SIMD2<Float>]], after previous: ArraySlice<[SIMD2<Float>]>, shift: (Float) -> SIMD2<Float>, brush: Float) -> Float {
        var gap = brush
        while gap > -0.5 * digitHeight {
            if Self.touches(next, shiftedBy: shift(gap), previous, brush: brush) { return gap }
            gap -= brush / 4
        }
        return gap
    }

    /// The smallest gap from `start` up at which `next`, where `shift` puts it, does not touch
    /// the previous digit's ink: boxes may overlap (a 7's bar over its neighbour) while the inks
    /// stay apart.
    private func separatedGap(
        _ next: [[SIMD2<Float>]], after previous: ArraySlice<[SIMD2<Float>]>, shift: (Float) -> SIMD2<Float>, brush: Float, from start: Float
    ) -> Float {
        var gap = start
        while gap < brush {
            if !Self.touches(next, shiftedBy: shift(gap), previous, brush: brush) { return gap }
            gap += brush / 4
        }
        return gap
    }

    /// Whether `next`, moved by `shift`, has ink within a brush width of `previous`'s.
    private static func touches(
        _ next: [[SIMD2<Float>]], shiftedBy shift: SIMD2<Float>, _ previous: ArraySlice<[SIMD2<Float>]>, brush: Float
    ) -> Bool {
        next.contains { stroke in
            let shifted = stroke.map { $0 + shift }
            return previous.contains { StrokeGeometry.touch(shifted, $0, within: brush) }
        }
    }

    /// Strokes scaled (aspect kept) so their centre lines are `height` tall, with their box's
    /// top-left corner at the origin.
    public static func scaled(_ strokes: [[SIMD2<Float>]], toHeight height: Float) -> [[SIMD2<Float>]] {
        let box = bounds(strokes)
        let scale = height / max(box.height, box.width / 4, .leastNormalMagnitude)
        return strokes.map { $0.map { ($0 - SIMD2(box.minX, box.minY)) * scale } }
    }

    /// The box of a pen digit's strokes (every pen digit has at least one point).
    static func bounds(_ strokes: [[SIMD2<Float>]]) -> StrokeBox {
        StrokeBox(enclosing: strokes.joined())!
    }
}
