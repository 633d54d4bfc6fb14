import DigitReaderCore

/// Erases one short piece of one pen stroke, the way people leave a loop open, lift the pen or
/// break a stroke.
///
/// Pen-drawn mistakes that every model shared were gaps: a "9" whose loop is not closed reads
/// as a 7 with a curl. MNIST digits and the training writers rarely show such gaps, so training
/// cuts them into pen digits before they are drawn (`Augmentation.strokeGaps`).
public enum StrokeGaps {
    /// Length of the erased piece, as a fraction of the digit's total stroke length.
    public static let pieceFractions: ClosedRange<Float> = 0.06...0.14

    /// `strokes` with one piece erased: a stroke picked with probability proportional to its
    /// length, a piece of `pieceFractions` of the total length at a uniform position along it.
    /// The stroke is split in two around the gap; every point outside the piece is kept, and the
    /// gap's ends are interpolated on the original path. A stroke no longer than the piece is
    /// left as it is, so no stroke ever disappears.
    public static func cut(_ strokes: [[SIMD2<Float>]], using generator: inout SeededGenerator) -> [[SIMD2<Float>]] {
        let lengths = strokes.map(length)
        let total = lengths.reduce(0, +)
        guard total > 0 else { return strokes }
        let fraction = pieceFractions.lowerBound + generator.nextUniform() * (pieceFractions.upperBound - pieceFractions.lowerBound)
        let piece = fraction * total
        let picked = pick(weights: lengths, total: total, uniform: generator.nextUniform())
        guard lengths[picked] > piece else { return strokes }
        let start = generator.nextUniform() * (lengths[picked] - piece)
        let stroke = strokes[picked]
        let before = prefix(of: stroke, upTo: start)
        let after = suffix(of: stroke, from: start + piece)
        let pieces = [before, after].filter { length($0) > 0 }
        return Array(strokes[..<picked]) + pieces + Array(strokes[(picked + 1)...])
    }

    /// Path length of one stroke.
    static func length(_ stroke: [SIMD2<Float>]) -> Float {
        zip(stroke, stroke.dropFirst()).reduce(0) { $0 + distance($1.0, $1.1) }
    }

    private static func distance(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float {
        let d = b - a
        return (d * d).sum().squareRoot()
    }

    /// The index whose cumulative weight first passes `uniform * total`.
    private static func pick(weights: [Float], total: Float, uniform: Float) -> Int {
        var remaining = uniform * total
        for (index, weight) in weights.enumerated() where weight > 0 {
            if remaining < weight { return index }
            remaining -= weight
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// The stroke from its start to the point `target` along it.
    private static func prefix(of stroke: [SIMD2<Float>], upTo target: Float) -> [SIMD2<Float>] {
        var result = [stroke[0]]
        var walked: Float = 0
        for (a, b) in zip(stroke, stroke.dropFirst()) {
            let step = distance(a, b)
            if walked + step >= target {
                if step > 0 { result.append(a + (b - a) * ((target - walked) / step)) }
                return result
            }
            walked += step
            result.append(b)
        }
        return result
    }

    /// The stroke from the point `target` along it to its end.
    private static func suffix(of stroke: [SIMD2<Float>], from target: Float) -> [SIMD2<Float>] {
        prefix(of: stroke.reversed(), upTo: length(stroke) - target).reversed()
    }
}
