/// Distances between pen strokes (polylines).
public enum StrokeGeometry {
    /// Whether two strokes' centre lines come within `distance` of each other: with the brush
    /// width as `distance`, whether their inks touch or cross.
    public static func touch(_ a: [SIMD2<Float>], _ b: [SIMD2<Float>], within distance: Float) -> Bool {
        let limit = distance * distance
        func near(_ point: SIMD2<Float>, _ stroke: [SIMD2<Float>]) -> Bool {
            guard stroke.count > 1 else { return squaredDistance(point, stroke[0], stroke[0]) <= limit }
            return zip(stroke, stroke.dropFirst()).contains { squaredDistance(point, $0, $1) <= limit }
        }
        return a.contains { near($0, b) } || b.contains { near($0, a) } || cross(a, b)
    }

    /// Whether the pen paths of two strokes cross (a segment of one intersects a segment of the other).
    public static func cross(_ a: [SIMD2<Float>], _ b: [SIMD2<Float>]) -> Bool {
        guard a.count > 1, b.count > 1 else { return false }
        for (p, q) in zip(a, a.dropFirst()) {
            for (r, s) in zip(b, b.dropFirst()) where intersect(p, q, r, s) { return true }
        }
        return false
    }

    /// Whether the segments `p`-`q` and `r`-`s` intersect.
    static func intersect(_ p: SIMD2<Float>, _ q: SIMD2<Float>, _ r: SIMD2<Float>, _ s: SIMD2<Float>) -> Bool {
        func side(_ a: SIMD2<Float>, _ b: SIMD2<Float>, _ c: SIMD2<Float>) -> Float {
            (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
        }
        let (d1, d2) = (side(r, s, p), side(r, s, q))
        let (d3, d4) = (side(p, q, r), side(p, q, s))
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
    }

    /// Squared distance from `point` to the segment `start`-`end`.
    public static func squaredDistance(_ point: SIMD2<Float>, _ start: SIMD2<Float>, _ end: SIMD2<Float>) -> Float {
        let direction = end - start
        let length = (direction * direction).sum()
        let along = length > 0 ? min(max(((point - start) * direction).sum() / length, 0), 1) : 0
        let offset = point - (start + direction * along)
        return (offset * offset).sum()
    }
}
