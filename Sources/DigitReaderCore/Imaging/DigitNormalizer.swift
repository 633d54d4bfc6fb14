/// Turns any picture of one handwritten digit into the 28 x 28 image an MNIST model expects.
///
/// MNIST's own recipe, applied to whatever people send (browser canvas PNGs with transparent
/// backgrounds, dark ink on white, white on black, photos of paper, any size and brush):
///
/// 1. Composite transparency onto the page colour (a transparent canvas read as plain grey is
///    all black, ink included), convert to grey.
/// 2. Estimate the page from the image border, decide which side of it the ink is on, and map
///    grey to ink intensity `0...1` with the page subtracted, contrast stretched and a noise
///    floor derived from how noisy the border is (zero for clean digital images).
/// 3. Group ink into connected blobs on a coarse grid and drop isolated specks, so a stray dot
///    does not stretch the bounding box. Nothing left, a single dot, or no contrast: *empty*.
/// 4. Measure the stroke width (2 x area / perimeter). If it is outside MNIST's usual range,
///    move the stroke edges with a distance transform at 4x resolution so a 6 px and a 30 px
///    brush read the same. MNIST-like widths are left untouched.
/// 5. Fit the ink's bounding box into 20 x 20 by its longer side (aspect ratio kept, so a "1"
///    stays thin) with area averaging, which gives MNIST's grey anti-aliased edges.
/// 6. Shift by whole pixels so the centre of mass lands where MNIST's does (index 14, 14).
///
/// An MNIST digit passes through unchanged: it is already a 20-pixel box centred by mass.
/// Centring by mass rather than by box mattered 2-8 accuracy points on pen digits; the 20 px
/// box 1-2 points; stroke-width normalisation up to 0.6 (more on scanned digits).
///
/// The function is pure and allocation-light; a 280 x 280 canvas takes well under a millisecond.
public struct DigitNormalizer: Sendable {
    /// Side of the box the ink's longer side is fitted into (MNIST: 20).
    public var boxSide: Int = 20
    /// Where the centre of mass goes, in pixel-index coordinates of the 28 x 28 frame
    /// (measured on MNIST: 14.0 in both axes).
    public var centreOfMass: Float = 14
    /// Whether stroke widths outside `acceptedStrokeWidths` are moved to `targetStrokeWidth`.
    public var normalizesStrokeWidth: Bool = true
    /// Stroke width (28 x 28 pixels, 2 x area / perimeter) to aim for: MNIST's median.
    public var targetStrokeWidth: Float = 2.5
    /// Widths left as they are (MNIST's 1st to 98th percentile), so MNIST itself is untouched.
    public var acceptedStrokeWidths: ClosedRange<Float> = 1.65...4.4
    /// Smallest ink-to-page contrast, as a fraction of full scale, that counts as a drawing.
    public var minimumContrast: Float = 0.12
    /// Smallest ink extent, as a fraction of the picture's longer side, that counts as a drawing.
    public var minimumExtent: Float = 0.03
    /// Smallest ratio of the ink's longer side to its stroke width: a dot (ratio 2) is not a digit.
    public var minimumElongation: Float = 2.5

    /// A normaliser with MNIST's settings.
    public init() {}

    private static let frame = DigitImage.side
    /// Intermediate resolution factor for measuring and adjusting strokes.
    private static let oversampling = 4
    /// Empty border (pixels) around the intermediate image, room for thickened strokes.
    private static let padding = 8

    /// Normalises one picture of a digit (pure; same input, same output).
    public func normalize(_ image: RasterImage) -> NormalizedDigit {
        image.pixels.withUnsafeBufferPointer { rgba in
            normalize(rgba: rgba, width: image.width, height: image.height)
        }
    }

    /// Pictures larger than this (longer side) are box-averaged by a whole factor in the first
    /// pass, which is the only pass over the full-resolution pixels: the output is 20 pixels
    /// across, so 128 (or more) is plenty, and a 280 px canvas then costs a quarter of the work.
    private static let workingSide = 128

    // The body works on raw buffers and keeps its counters in plain locals (no closures
    // capturing mutable state): this is the hot path of every request.
    private func normalize(rgba: UnsafeBufferPointer<UInt8>, width sourceWidth: Int, height sourceHeight: Int) -> NormalizedDigit {
        // 1. One pass over the source: box-average luminance x alpha and alpha into a working
        //    image. Compositing is linear, so compositing the averages equals averaging the
        //    composited pixels.
        let factor = max(1, max(sourceWidth, sourceHeight) / Self.workingSide)
        let width = (sourceWidth + factor - 1) / factor
        let height = (sourceHeight + factor - 1) / factor
        let count = width * height
        let luminanceAlpha = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: count)
        let alphaSums = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: count)
        defer {
            luminanceAlpha.deallocate()
            alphaSums.deallocate()
        }
        luminanceAlpha.initialize(repeating: 0)
        alphaSums.initialize(repeating: 0)
        // Cells holding anything but transparent black (all of a photo, the strokes' bounding
        // box on a canvas): the passes below look only there.
        var content = CellBox()
        var weightedTotal: UInt64 = 0
        var alphaTotal: UInt64 = 0
        // Per-pixel luminance x alpha and alpha of the visible span of one row, computed without
        // branches (the compiler vectorises it), then summed into cells.
        let rowWeighted = UnsafeMutablePointer<UInt32>.allocate(capacity: sourceWidth)
        let rowAlpha = UnsafeMutablePointer<UInt32>.allocate(capacity: sourceWidth)
        defer {
            rowWeighted.deallocate()
            rowAlpha.deallocate()
        }
        let source = UnsafeRawPointer(rgba.baseAddress!)
        for y in 0..<sourceHeight {
            let row = source + 4 * y * sourceWidth
            // Transparent black at either end of a row (most of a canvas) adds nothing.
            guard let span = Self.visiblePixels(row, count: sourceWidth) else { continue }
            let firstCell = span.lowerBound / factor
            let lastCell = span.upperBound / factor
            content.include(x: firstCell, y: y / factor)
            content.include(x: lastCell, y: y / factor)
            let start = firstCell * factor
            let end = min((lastCell + 1) * factor, sourceWidth)
            for x in start..<end {
                // Little-endian RGBA: red in the low byte, alpha in the high one.
                let pixel = row.loadUnaligned(fromByteOffset: 4 &* x, as: UInt32.self)
                let luminance = (77 &* (pixel & 0xFF) &+ 150 &* ((pixel >> 8) & 0xFF) &+ 29 &* ((pixel >> 16) & 0xFF) &+ 128) >> 8
                rowWeighted[x] = luminance &* (pixel >> 24)
                rowAlpha[x] = pixel >> 24
            }
            let cellRow = (y / factor) * width
            for cell in firstCell...lastCell {
                var weighted: UInt32 = 0
                var alphas: UInt32 = 0
                for x in (cell * factor)..<min(cell * factor + factor, sourceWidth) {
                    weighted &+= rowWeighted[x]
                    alphas &+= rowAlpha[x]
                }
                luminanceAlpha[cellRow + cell] &+= weighted
                alphaSums[cellRow + cell] &+= alphas
                weightedTotal &+= UInt64(weighted)
                alphaTotal &+= UInt64(alphas)
            }
        }
        let pixelTotal = UInt64(sourceWidth * sourceHeight)
        // Transparent parts take the page colour. Mostly transparent: the opaque part is the
        // ink, so the page is its opposite (a black brush on a transparent canvas reads as black
        // on white). Mostly opaque: the opaque part is the page, so holes take its colour.
        var page: Float = 0
        if alphaTotal < 255 * pixelTotal {
            let opaqueIsDark = alphaTotal > 0 && weightedTotal < 128 * alphaTotal
            let mostlyTransparent = 2 * alphaTotal < 255 * pixelTotal
            page = mostlyTransparent == opaqueIsDark ? 255 : 0
        }
        let pageGrey = UInt8(page)
        let grey = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
        defer { grey.deallocate() }
        grey.initialize(repeating: pageGrey)
        var histogram = [Int](repeating: 0, count: 256)
        var transparentCells = count - content.area
        histogram.withUnsafeMutableBufferPointer { histogram in
            for y in content.rows {
                let rows = min(factor, sourceHeight - y * factor)
                for x in content.columns {
                    let index = y * width + x
                    guard alphaSums[index] != 0 else {
                        transparentCells += 1
                        continue
                    }
                    let pixels = Float(rows * min(factor, sourceWidth - x * factor))
                    let full = 255 * pixels
                    let value = (Float(luminanceAlpha[index]) + page * (full - Float(alphaSums[index]))) * (1 / full)
                    let level = UInt8(min(max(value, 0), 255) + 0.5)
                    grey[index] = level
                    histogram[Int(level)] += 1
                }
            }
        }
        histogram[Int(pageGrey)] += transparentCells

        // 2. Page estimate from the border, polarity, contrast and noise floor.
        var border = [Int](repeating: 0, count: 256)
        for x in 0..<width {
            border[Int(grey[x])] += 1
            if height > 1 { border[Int(grey[(height - 1) * width + x])] += 1 }
        }
        if height > 2 {
            for y in 1..<(height - 1) {
                border[Int(grey[y * width])] += 1
                if width > 1 { border[Int(grey[y * width + width - 1])] += 1 }
            }
        }
        let borderCount = border.reduce(0, +)
        let pageLevel = Self.percentile(border, total: borderCount, fraction: 0.5)
        var deviations = [Int](repeating: 0, count: 256)
        for value in 0..<256 { deviations[abs(value - pageLevel)] += border[value] }
        // Third quartile of the border's deviation (about 1.15 sigma for Gaussian noise): ink that
        // crosses the border (a big digit) must not pass for noise, so no higher percentile.
        let noise = min(Self.percentile(deviations, total: borderCount, fraction: 0.75), 40)
        let significance = max(8, 2 * noise)
        var darkMass = 0
        var lightMass = 0
        for value in 0..<256 {
            if value < pageLevel - significance { darkMass += (pageLevel - value) * histogram[value] }
            if value > pageLevel + significance { lightMass += (value - pageLevel) * histogram[value] }
        }
        let polarity: InkPolarity = darkMass >= lightMass ? .darkOnLight : .lightOnDark
        guard max(darkMass, lightMass) > 0 else { return empty(polarity) }
        // Ink level: the value that the most extreme 10% of ink candidates reach.
        var candidates = [Int](repeating: 0, count: 256)
        var candidateCount = 0
        for value in 0..<256 {
            let distance = polarity == .darkOnLight ? pageLevel - value : value - pageLevel
            if distance > significance {
                candidates[distance] += histogram[value]
                candidateCount += histogram[value]
            }
        }
        // Faint ink (pencil, dim photos) is stretched to full strength; near-full ink is left
        // exactly as it is, so MNIST's own grey levels survive untouched.
        let available = polarity == .darkOnLight ? pageLevel : 255 - pageLevel
        var contrast = Self.percentile(candidates, total: candidateCount, fraction: 0.9)
        if 10 * contrast >= 9 * available { contrast = available }
        guard Float(contrast) >= minimumContrast * 255 else { return empty(polarity) }
        let floor = min(Float(noise) * 1.5, Float(contrast) * 0.5)
        var lookup = [Float](repeating: 0, count: 256)
        for value in 0..<256 {
            let distance = Float(polarity == .darkOnLight ? pageLevel - value : value - pageLevel)
            lookup[value] = min(max((distance - floor) / (Float(contrast) - floor), 0), 1)
        }

        // 3. Ink map and a coarse grid of cells for finding blobs.
        let cellSide = max(1, (max(width, height) + 47) / 48)
        let gridWidth = (width + cellSide - 1) / cellSide
        let gridHeight = (height + cellSide - 1) / cellSide
        var inkStorage = [Float](repeating: 0, count: count)
        var cellMass = [Float](repeating: 0, count: gridWidth * gridHeight)
        var cellPeak = [Float](repeating: 0, count: gridWidth * gridHeight)
        // Cells outside `content` hold the page colour: when that reads as no ink, they are
        // skipped (columns start on a grid cell boundary, so the sums are the same either way).
        let pageIsBlank = lookup[Int(pageGrey)] == 0
        let inkRows = pageIsBlank ? content.rows : 0..<height
        let firstColumn = pageIsBlank ? content.columns.lowerBound / cellSide * cellSide : 0
        let endColumn = pageIsBlank ? content.columns.upperBound : width
        let keep: (mask: [Bool], bounds: PixelRegion)? = inkStorage.withUnsafeMutableBufferPointer { ink in
            lookup.withUnsafeBufferPointer { lookup in
                cellMass.withUnsafeMutableBufferPointer { cellMass in
                    cellPeak.withUnsafeMutableBufferPointer { cellPeak in
                        for y in inkRows {
                            let row = y * width
                            var x = firstColumn
                            var cell = (y / cellSide) * gridWidth + firstColumn / cellSide
                            while x < endColumn {
                                let end = min(x + cellSide, width)
                                var mass: Float = 0
                                var peak: Float = 0
                                for column in x..<end {
                                    let value = lookup[Int(grey[row + column])]
                                    ink[row + column] = value
                                    mass += value
                                    peak = max(peak, value)
                                }
                                cellMass[cell] += mass
                                cellPeak[cell] = max(cellPeak[cell], peak)
                                x = end
                                cell += 1
                            }
                        }
                    }
                }
            }
            return Self.cellsToKeep(mass: cellMass, peak: cellPeak, gridWidth: gridWidth, gridHeight: gridHeight)
        }
        guard let keep else { return empty(polarity) }
        guard let bounds = Self.keptInkBounds(&inkStorage, width: width, height: height, cellSide: cellSide, gridWidth: gridWidth, keep: keep)
        else { return empty(polarity) }
        let ink = inkStorage
        let longer = max(bounds.width, bounds.height)
        guard Float(longer) >= minimumExtent * Float(max(width, height)) else { return empty(polarity) }
        let sourceBounds = PixelRegion(
            x: bounds.x * factor, y: bounds.y * factor,
            width: min(bounds.width * factor, sourceWidth - bounds.x * factor),
            height: min(bounds.height * factor, sourceHeight - bounds.y * factor))

        // 4. Intermediate image at 4x the final box, for measuring (and adjusting) strokes.
        let intermediateSide = boxSide * Self.oversampling
        let scale = Float(intermediateSide) / Float(longer)
        let padding = Self.padding
        let innerWidth = Self.fittedLength(bounds.width, scale: scale, limit: intermediateSide)
        let innerHeight = Self.fittedLength(bounds.height, scale: scale, limit: intermediateSide)
        let fineWidth = innerWidth + 2 * padding
        let fineHeight = innerHeight + 2 * padding
        var fine = ink.withUnsafeBufferPointer { ink in
            AreaResampler.resample(
                ink, sourceWidth: width, region: bounds, scale: scale,
                outputWidth: innerWidth, outputHeight: innerHeight, padding: padding)
        }
        let fineStroke = Self.strokeWidth(fine, width: fineWidth, height: fineHeight)
        let strokeWidth = fineStroke / Float(Self.oversampling)
        guard fineStroke > 0, Float(intermediateSide) / fineStroke >= minimumElongation else { return empty(polarity) }

        // 5. Fit into the box, from the working image directly when the width is MNIST-like.
        let fitted: [Float]
        let fittedWidth: Int
        let fittedHeight: Int
        let adjust = normalizesStrokeWidth && !acceptedStrokeWidths.contains(strokeWidth)
        if adjust {
            // Thinning shrinks the box by 2 x offset, and fitting it back to 20 px widens the
            // strokes again by side / (side + 2 offset); solving (width + 2 offset) x side /
            // (side + 2 offset) = target compensates. (Measured: thickening needs no such help;
            // the round caps that grow the box also make 2 x area / perimeter read low.)
            let target = targetStrokeWidth * Float(Self.oversampling)
            var offset = (target - fineStroke) / 2
            if offset < 0 { offset = (target - fineStroke) / (2 * max(1 - target / Float(intermediateSide), 0.5)) }
            offset = min(max(offset, -0.3 * fineStroke), Float(padding - 2))
            Self.moveEdges(&fine, width: fineWidth, height: fineHeight, by: offset, thinStroke: fineStroke < 2)
            guard let moved = Self.inkBounds(fine, width: fineWidth, height: fineHeight) else { return empty(polarity) }
            let movedScale = Float(boxSide) / Float(max(moved.width, moved.height))
            fittedWidth = Self.fittedLength(moved.width, scale: movedScale, limit: boxSide)
            fittedHeight = Self.fittedLength(moved.height, scale: movedScale, limit: boxSide)
            fitted = fine.withUnsafeBufferPointer { fine in
                AreaResampler.resample(
                    fine, sourceWidth: fineWidth, region: moved, scale: movedScale,
                    outputWidth: fittedWidth, outputHeight: fittedHeight)
            }
        } else {
            let boxScale = Float(boxSide) / Float(longer)
            fittedWidth = Self.fittedLength(bounds.width, scale: boxScale, limit: boxSide)
            fittedHeight = Self.fittedLength(bounds.height, scale: boxScale, limit: boxSide)
            fitted = ink.withUnsafeBufferPointer { ink in
                AreaResampler.resample(
                    ink, sourceWidth: width, region: bounds, scale: boxScale,
                    outputWidth: fittedWidth, outputHeight: fittedHeight)
            }
        }

        // 6. Whole-pixel shift putting the centre of mass at MNIST's centre.
        var mass: Float = 0, sumX: Float = 0, sumY: Float = 0
        for y in 0..<fittedHeight {
            for x in 0..<fittedWidth {
                let value = fitted[y * fittedWidth + x]
                mass += value
                sumX += value * Float(x)
                sumY += value * Float(y)
            }
        }
        guard mass > 0 else { return empty(polarity) }
        let shiftX = Int((centreOfMass - sumX / mass).rounded())
        let shiftY = Int((centreOfMass - sumY / mass).rounded())
        var pixels = [Float](repeating: 0, count: DigitImage.pixelCount)
        for y in 0..<fittedHeight {
            let targetY = y + shiftY
            guard targetY >= 0 && targetY < Self.frame else { continue }
            for x in 0..<fittedWidth {
                let targetX = x + shiftX
                guard targetX >= 0 && targetX < Self.frame else { continue }
                pixels[targetY * Self.frame + targetX] = min(max(fitted[y * fittedWidth + x], 0), 1)
            }
        }
        return NormalizedDigit(
            digit: DigitImage(pixels: pixels), isEmpty: false, polarity: polarity, inkBounds: sourceBounds,
            strokeWidth: strokeWidth, strokeWidthAdjusted: adjust)
    }

    /// Erases ink in cells that are not kept and returns the exact bounds of the remaining ink.
    private static func keptInkBounds(
        _ ink: inout [Float], width: Int, height: Int, cellSide: Int, gridWidth: Int, keep: (mask: [Bool], bounds: PixelRegion)
    ) -> PixelRegion? {
        var minX = width, minY = height, maxX = -1, maxY = -1
        for cellY in keep.bounds.y..<(keep.bounds.y + keep.bounds.height) {
            for cellX in keep.bounds.x..<(keep.bounds.x + keep.bounds.width) {
                let kept = keep.mask[cellY * gridWidth + cellX]
                let x0 = cellX * cellSide, x1 = min(x0 + cellSide, width)
                let y0 = cellY * cellSide, y1 = min(y0 + cellSide, height)
                for y in y0..<y1 {
                    for x in x0..<x1 where ink[y * width + x] > 0 {
                        if kept {
                            minX = min(minX, x); maxX = max(maxX, x)
                            minY = min(minY, y); maxY = max(maxY, y)
                        } else {
                            ink[y * width + x] = 0
                        }
                    }
                }
            }
        }
        guard maxX >= minX else { return nil }
        return PixelRegion(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    private func empty(_ polarity: InkPolarity) -> NormalizedDigit {
        NormalizedDigit(
            digit: .blank, isEmpty: true, polarity: polarity, inkBounds: nil, strokeWidth: nil,
            strokeWidthAdjusted: false)
    }

    /// Indices of the first and last pixel of an RGBA row that are not transparent black, `nil`
    /// when there is none. Pairs of pixels are tested with one load.
    private static func visiblePixels(_ raw: UnsafeRawPointer, count: Int) -> ClosedRange<Int>? {
        var first = 0
        while first &+ 2 <= count && raw.loadUnaligned(fromByteOffset: first &* 4, as: UInt64.self) == 0 { first &+= 2 }
        while first < count && raw.loadUnaligned(fromByteOffset: first &* 4, as: UInt32.self) == 0 { first &+= 1 }
        guard first < count else { return nil }
        var last = count &- 1
        while last &- 1 > first && raw.loadUnaligned(fromByteOffset: (last &- 1) &* 4, as: UInt64.self) == 0 { last &-= 2 }
        while raw.loadUnaligned(fromByteOffset: last &* 4, as: UInt32.self) == 0 { last &-= 1 }
        return first...last
    }

    /// The smallest value such that at least `fraction` of a histogram's `total` lies at or below it.
    private static func percentile(_ histogram: [Int], total: Int, fraction: Double) -> Int {
        guard total > 0 else { return 0 }
        let goal = max(1, Int((Double(total) * fraction).rounded(.up)))
        var seen = 0
        for (value, count) in histogram.enumerated() {
            seen += count
            if seen >= goal { return value }
        }
        return histogram.count - 1
    }

    /// Output length of `length` source pixels scaled by `scale`, at least 1 and at most `limit`.
    private static func fittedLength(_ length: Int, scale: Float, limit: Int) -> Int {
        min(limit, max(1, Int((Float(length) * scale - 1e-3).rounded(.up))))
    }

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
    private static func moveEdges(_ image: inout [Float], width: Int, height: Int, by distance: Float, thinStroke: Bool) {
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

    /// Bounding box of all pixels with any ink.
    private static func inkBounds(_ image: [Float], width: Int, height: Int) -> PixelRegion? {
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

    /// Which grid cells belong to the digit: connected blobs of inked cells, keeping the largest,
    /// blobs close to what is kept, and large blobs anywhere; dropping far, small specks.
    /// Returns the kept cells grown by one cell (to include faint anti-aliased edges) and their bounds.
    private static func cellsToKeep(
        mass: [Float], peak: [Float], gridWidth: Int, gridHeight: Int
    ) -> (mask: [Bool], bounds: PixelRegion)? {
        let cells = gridWidth * gridHeight
        var label = [Int](repeating: -1, count: cells)
        struct Blob { var mass: Float = 0; var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min; var cells: [Int] = [] }
        var blobs: [Blob] = []
        var stack: [Int] = []
        for start in 0..<cells where peak[start] >= 0.5 && label[start] < 0 {
            var blob = Blob()
            label[start] = blobs.count
            stack.append(start)
            while let cell = stack.popLast() {
                let cx = cell % gridWidth, cy = cell / gridWidth
                blob.mass += mass[cell]
                blob.minX = min(blob.minX, cx); blob.maxX = max(blob.maxX, cx)
                blob.minY = min(blob.minY, cy); blob.maxY = max(blob.maxY, cy)
                blob.cells.append(cell)
                for ny in max(0, cy - 1)...min(gridHeight - 1, cy + 1) {
                    for nx in max(0, cx - 1)...min(gridWidth - 1, cx + 1) {
                        let neighbour = ny * gridWidth + nx
                        if label[neighbour] < 0 && peak[neighbour] >= 0.5 {
                            label[neighbour] = blobs.count
                            stack.append(neighbour)
                        }
                    }
                }
            }
            blobs.append(blob)
        }
        guard !blobs.isEmpty else { return nil }
        blobs.sort { $0.mass > $1.mass }
        let largest = blobs[0].mass
        var minX = blobs[0].minX, minY = blobs[0].minY, maxX = blobs[0].maxX, maxY = blobs[0].maxY
        var kept = [blobs[0]]
        for blob in blobs.dropFirst() {
            let side = Float(max(maxX - minX, maxY - minY) + 1)
            let gapX = max(0, max(blob.minX - maxX, minX - blob.maxX) - 1)
            let gapY = max(0, max(blob.minY - maxY, minY - blob.maxY) - 1)
            let gap = Float(max(gapX, gapY))
            let keepIt = gap <= max(1, 0.15 * side)
                || (gap <= 0.6 * side && blob.mass >= 0.05 * largest)
                || blob.mass >= 0.25 * largest
            guard keepIt else { continue }
            kept.append(blob)
            minX = min(minX, blob.minX); maxX = max(maxX, blob.maxX)
            minY = min(minY, blob.minY); maxY = max(maxY, blob.maxY)
        }
        var mask = [Bool](repeating: false, count: cells)
        for blob in kept {
            for cell in blob.cells {
                let cx = cell % gridWidth, cy = cell / gridWidth
                for ny in max(0, cy - 1)...min(gridHeight - 1, cy + 1) {
                    for nx in max(0, cx - 1)...min(gridWidth - 1, cx + 1) { mask[ny * gridWidth + nx] = true }
                }
            }
        }
        let x0 = max(0, minX - 1), y0 = max(0, minY - 1)
        let x1 = min(gridWidth - 1, maxX + 1), y1 = min(gridHeight - 1, maxY + 1)
        return (mask, PixelRegion(x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1))
    }
}

extension DigitNormalizer {
    /// Stroke width of a 28 x 28 digit as 2 x area / perimeter, the estimator the normaliser
    /// uses (MNIST's median is about 2.5; a fine pen on a large canvas gives about 1.2).
    public static func measureStrokeWidth(_ digit: DigitImage) -> Float {
        strokeWidth(digit.pixels, width: DigitImage.side, height: DigitImage.side)
    }
}

