/// Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher, linear time).
///
/// Used to move stroke edges by a sub-pixel distance: thickening hairlines and thinning marker
/// strokes towards MNIST's width without the blockiness of repeated 3 x 3 dilation.
enum DistanceTransform {
    /// For every pixel, the squared distance to the nearest pixel where `features` is true
    /// (a large finite value everywhere if there is none).
    static func squaredDistances(width: Int, height: Int, features: [Bool]) -> [Float] {
        let far = Float(width * width + height * height + 1)
        var grid = [Float](repeating: 0, count: width * height)
        let longest = max(width, height)
        let line = UnsafeMutablePointer<Float>.allocate(capacity: longest)
        let result = UnsafeMutablePointer<Float>.allocate(capacity: longest)
        let hull = UnsafeMutablePointer<Int>.allocate(capacity: longest)
        let boundaries = UnsafeMutablePointer<Float>.allocate(capacity: longest + 1)
        defer {
            line.deallocate()
            result.deallocate()
            hull.deallocate()
            boundaries.deallocate()
        }
        grid.withUnsafeMutableBufferPointer { grid in
            features.withUnsafeBufferPointer { features in
                for index in 0..<(width * height) { grid[index] = features[index] ? 0 : far }
            }
            for x in 0..<width {
                for y in 0..<height { line[y] = grid[y * width + x] }
                transform(line, count: height, far: far, into: result, hull: hull, boundaries: boundaries)
                for y in 0..<height { grid[y * width + x] = result[y] }
            }
            for y in 0..<height {
                let row = grid.baseAddress! + y * width
                transform(row, count: width, far: far, into: result, hull: hull, boundaries: boundaries)
                row.update(from: result, count: width)
            }
        }
        return grid
    }

    /// One-dimensional lower envelope of the parabolas rooted at `(q, f[q])`, for the `q` with
    /// `f[q] < far` (the others cannot be nearest; a line without any stays `far`).
    private static func transform(
        _ f: UnsafeMutablePointer<Float>, count: Int, far: Float, into d: UnsafeMutablePointer<Float>,
        hull v: UnsafeMutablePointer<Int>, boundaries z: UnsafeMutablePointer<Float>
    ) {
        var k = -1
        for q in 0..<count where f[q] < far {
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
