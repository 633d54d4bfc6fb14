/// Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher, linear time).
///
/// Used to move stroke edges by a sub-pixel distance: thickening hairlines and thinning marker
/// strokes towards MNIST's width without the blockiness of repeated 3 x 3 dilation.
public enum DistanceTransform {
    /// For every pixel, the squared distance to the nearest pixel where `features` is true
    /// (a large finite value everywhere if there is none).
    ///
    /// Distances up to `limit` are exact; a larger one only says that it is above `limit`.
    /// Callers that ignore everything beyond a reach pass it here: the second pass then drops
    /// every column distance above it, which is most of them for a small reach.
    public static func squaredDistances(width: Int, height: Int, features: [Bool], limit: Float = .infinity) -> [Float] {
        let far = Float(width * width + height * height + 1)
        var grid = [Float](repeating: 0, count: width * height)
        let longest = max(width, height)
        let result = UnsafeMutablePointer<Float>.allocate(capacity: longest)
        let hull = UnsafeMutablePointer<Int>.allocate(capacity: longest)
        let boundaries = UnsafeMutablePointer<Float>.allocate(capacity: longest + 1)
        defer {
            result.deallocate()
            hull.deallocate()
            boundaries.deallocate()
        }
        grid.withUnsafeMutableBufferPointer { grid in
            // Columns: features are points at distance 0, so the lower envelope is simply the
            // nearest feature above or below, found by one sweep down and one up, row by row.
            let nearest = UnsafeMutableBufferPointer<Int>.allocate(capacity: width)
            defer { nearest.deallocate() }
            features.withUnsafeBufferPointer { features in
                nearest.initialize(repeating: -1)
                for y in 0..<height {
                    for x in 0..<width {
                        if features[y * width + x] { nearest[x] = y }
                        let distance = y - nearest[x]
                        grid[y * width + x] = nearest[x] >= 0 ? Float(distance * distance) : far
                    }
                }
                nearest.update(repeating: -1)
                for y in (0..<height).reversed() {
                    for x in 0..<width {
                        if features[y * width + x] { nearest[x] = y }
                        let distance = nearest[x] - y
                        if nearest[x] >= 0 { grid[y * width + x] = min(grid[y * width + x], Float(distance * distance)) }
                    }
                }
            }
            for y in 0..<height {
                let row = grid.baseAddress! + y * width
                transform(row, count: width, cutoff: limit, far: far, into: result, hull: hull, boundaries: boundaries)
                row.update(from: result, count: width)
            }
        }
        return grid
    }

    /// One-dimensional lower envelope of the parabolas rooted at `(q, f[q])`, for the `q` with
    /// `f[q] < far` and `f[q] <= cutoff` (a parabola rooted above the cutoff stays above it, so
    /// leaving it out changes no value up to the cutoff; a line without any stays `far`).
    private static func transform(
        _ f: UnsafeMutablePointer<Float>, count: Int, cutoff: Float, far: Float, into d: UnsafeMutablePointer<Float>,
        hull v: UnsafeMutablePointer<Int>, boundaries z: UnsafeMutablePointer<Float>
    ) {
        var k = -1
        for q in 0..<count where f[q] < far && f[q] <= cutoff {
            guard k >= 0 else {
                k = 0
                v[0] = q
                z[0] = -.infinity
                z[1] = .infinity
                continue
            }
            let fq = f[q] + Float(q * q)
            var s = (fq - (f[v[k]] + Float(v[k] * v[k]))) / Float(2 * (q - v[k]))
            while s <= z[k] {
                k -= 1
                s = (fq - (f[v[k]] + Float(v[k] * v[k]))) / Float(2 * (q - v[k]))
            }
            k += 1
            v[k] = q
            z[k] = s
            z[k + 1] = .infinity
        }
        guard k >= 0 else {
            d.update(repeating: far, count: count)
            return
        }
        k = 0
        for q in 0..<count {
            while z[k + 1] < Float(q) { k += 1 }
            let delta = Float(q - v[k])
            d[q] = delta * delta + f[v[k]]
        }
    }
}
