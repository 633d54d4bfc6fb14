/// Step 4 of `DigitNormalizer`: the kept ink resampled to 4x the final box (with an empty
/// border, room for thickened strokes), where the stroke width is measured and, when it is
/// outside MNIST's range, adjusted by moving every stroke edge with a distance transform, so a
/// 6 px and a 30 px brush read the same.
public struct FineInk: Sendable {
    /// Ink intensity 0...1, row-major, `width * height`.
    public private(set) var pixels: [Float]
    public let width: Int
    public let height: Int
    /// Stroke width as 2 x area / perimeter, in fine pixels, as resampled (before any move).
    public let strokeWidth: Float

    /// Resolution factor over the final box.
    public static let oversampling = 4
    /// Empty border (pixels) around the ink.
    public static let padding = 8

    /// `map`'s kept ink with its longer side scaled to `boxSide * oversampling` pixels.
    public init(_ map: InkMap, boxSide: Int) {
        let side = boxSide * Self.oversampling
        let bounds = map.bounds
        let scale = Float(side) / Float(max(bounds.width, bounds.height))
        let innerWidth = FittedInk.fittedLength(bounds.width, scale: scale, limit: side)
        let innerHeight = FittedInk.fittedLength(bounds.height, scale: scale, limit: side)
        width = innerWidth + 2 * Self.padding
        height = innerHeight + 2 * Self.padding
        pixels = map.ink.withUnsafeBufferPointer { ink in
            AreaResampler.resample(
                ink, sourceWidth: map.width, region: bounds, scale: scale,
                outputWidth: innerWidth, outputHeight: innerHeight, padding: Self.padding)
        }
        strokeWidth = Self.strokeWidth(pixels, width: width, height: height)
    }

    /// Moves the stroke edges so the width becomes about `target` fine pixels.
    ///
    /// Thinning shrinks the box by 2 x offset, and fitting it back to the box widens the
    /// strokes again by side / (side + 2 offset); solving (width + 2 offset) x side /
    /// (side + 2 offset) = target compensates. (Measured: thickening needs no such help; the
    /// round caps that grow the box also make 2 x area / perimeter read low.)
    public mutating func adjustStrokes(toWidth target: Float, boxSide: Int) {
        let side = Float(boxSide * Self.oversampling)
        var offset = (target - strokeWidth) / 2
        if offset < 0 { offset = (target - strokeWidth) / (2 * max(1 - target / side, 0.5)) }
        offset = min(max(offset, -0.3 * strokeWidth), Float(Self.padding - 2))
        Self.moveEdges(&pixels, width: width, height: height, by: offset, thinStroke: strokeWidth < 2)
    }

    /// Bounding box of all pixels with any ink.
    static func inkBounds(_ image: [Float], width: Int, height: Int) -> PixelRegion? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        image.withUnsafeBufferPointer { image in
            for y in 0..<height {
                for x in 0..<width where image[y * width + x] > 0 {
                    minX = min(minX, x); maxX = max(maxX, x)
                    minY = min(minY, y); maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= minX else { return nil }
        return PixelRegion(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// Bounding box of the ink as it is now.
    public var inkBounds: PixelRegion? { Self.inkBounds(pixels, width: width, height: height) }

    /// The stroke width of the pixels as they are now (after any adjustment), in fine pixels.
    public var currentStrokeWidth: Float { Self.strokeWidth(pixels, width: width, height: height) }

    /// Stroke width as 2 x area / perimeter, the perimeter being the total gradient magnitude
    /// (by the coarea formula, the mean contour length over all grey levels: orientation-free,
    /// and sub-pixel accurate on anti-aliased edges).
    static func strokeWidth(_ image: [Float], width: Int, height: Int) -> Float {
        var area: Float = 0
        var perimeter: Float = 0
        image.withUnsafeBufferPointer { image in
            for y in 0..<height {
                for x in 0..<width {
                    let index = y * width + x
                    area += image[index]
                    let left = x > 0 ? image[index - 1] : 0
                    let right = x + 1 < width ? image[index + 1] : 0
                    let up = y > 0 ? image[index - width] : 0
                    let down = y + 1 < height ? image[index + width] : 0
                    let gx = (right - left) * 0.5
                    let gy = (down - up) * 0.5
                    let squared = gx * gx + gy * gy
                    if squared > 0 { perimeter += squared.squareRoot() }
                }
            }
        }
        return perimeter > 0 ? 2 * area / perimeter : 0
    }

    /// Moves every stroke edge outwards (positive `distance`) or inwards, re-rendering the edge
    /// anti-aliased from the exact Euclidean distance to the stroke.
    static func moveEdges(_ image: inout [Float], width: Int, height: Int, by distance: Float, thinStroke: Bool) {
        // Hairlines thinner than a pixel never reach 0.5; a lower cut keeps them connected.
        let threshold: Float = thinStroke ? 0.25 : 0.5
        let inside = image.map { $0 >= threshold }
        let thickening = distance >= 0
        // Thickening measures from the stroke, thinning from the page. Past `reach` a pixel is
        // plain page (thickening) or solid ink (thinning), so farther distances need not be
        // exact; the transform gets one squared pixel of margin.
        let reach = thickening ? (distance + 1) * (distance + 1) : (1 - distance) * (1 - distance)
        let squared = DistanceTransform.squaredDistances(
            width: width, height: height, features: thickening ? inside : inside.map { !$0 }, limit: reach + 1)
        image.withUnsafeMutableBufferPointer { image in
            inside.withUnsafeBufferPointer { inside in
                squared.withUnsafeBufferPointer { squared in
                    if thickening {
                        for index in 0..<image.count {
                            guard !inside[index] else {
                                image[index] = 1
                                continue
                            }
                            let squaredDistance = squared[index]
                            // Signed distance from the pixel centre to the old edge (half a pixel in).
                            image[index] = squaredDistance <= reach
                                ? min(max(distance + 1 - squaredDistance.squareRoot(), 0), 1) : 0
                        }
                    } else {
                        for index in 0..<image.count {
                            image[index] = inside[index] ? min(max(squared[index].squareRoot() + distance, 0), 1) : 0
                        }
                    }
                }
            }
        }
    }
}
