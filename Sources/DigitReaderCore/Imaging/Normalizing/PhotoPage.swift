/// Step 2 of `DigitNormalizer`, for photos: the light evened out over the page, and what lies
/// beyond the page painted over, before the ink is read.
///
/// A photo's page is lit unevenly and need not fill the frame: a sheet turned a little leaves
/// wedges of the table in the corners, a sheet that ends short leaves a band along an edge, a
/// small sheet lies inside the table. The table is darker than the page, so it reads as ink,
/// and it is large: kept, it becomes the digit (or more digits of a number); where it fills
/// the border, the page level read from the border is the table's, and the page itself passes
/// for light ink.
///
/// 0. The page is what most of the picture shows: ink is on the side of the picture's median
///    level holding more mass (`inkIsLight`), whatever the border shows.
/// 1. Light: the page's brightness is estimated per cell (`cellFraction` of the shorter side)
///    as the level that 90% of the pixels of the cell and its eight neighbours stay under
///    (counted away from the ink), so a cell full of ink still finds its page, then spread
///    smoothly between the cells' centres; each pixel is rescaled so the page is one level
///    everywhere and ink keeps its contrast to the page around it. Table next to the page
///    keeps the page's level, so it stays dark.
/// 2. Surroundings: anything darker than the page by three times its noise, connected to the
///    picture's edge and running along it for at least `contactFraction` of the shorter side,
///    is painted in the page's level, with its blurred rim (`fringe`). Surroundings run along
///    the edge; a stroke that reaches the edge crosses it about as wide as it is.
/// 3. The ink scale is measured on what is left, with the page level and noise of the whole
///    page rather than of the border.
///
/// Only pictures whose page is noisy at their border (photos) take this step; drawings,
/// canvases, bitmap scans and MNIST's digits are read exactly as before. A sheet covering less
/// than half of the photo is not found (the median is then the table's).
public struct PhotoPage: Sendable {
    /// Side of a light-estimating cell, as a fraction of the picture's shorter side.
    public static let cellFraction: Float = 1.0 / 8.0
    /// Least run along the picture's edge, as a fraction of its shorter side, that marks dark
    /// parts as surroundings: a stroke a twentieth of the side wide would have to run within
    /// about 10 degrees of the edge to touch it that long.
    public static let contactFraction: Float = 1.0 / 3.0
    /// How far (working pixels) the blurred edge of surroundings reaches into the page.
    static let fringe = 2

    /// `picture` evenly lit and without surroundings when it is a photo (as it is otherwise),
    /// and its ink scale.
    public static func cleaned(_ picture: CompositedPicture, minimumContrast: Float) -> (picture: CompositedPicture, scale: InkScale) {
        let border = picture.borderHistogram
        let scale = InkScale(border: border, histogram: picture.histogram, minimumContrast: minimumContrast)
        guard scale.hasInk, isNoisy(border, page: Int(scale.pageLevel)) else { return (picture, scale) }
        let flip = inkIsLight(picture.histogram, significance: max(8, 2 * scale.noise))
        // Brightness away from the ink: the page is the high end of it.
        var light = evenlyLit(picture.grey.map { flip ? 255 - Int($0) : Int($0) }, width: picture.width, height: picture.height)
        // The page is most of the picture: its level is the median. Its noise is read from
        // pixels two apart, whose difference is mostly noise wherever they lie (on the page, in
        // the surroundings, under any light): its median is 0.95 sigma, and `InkScale` counts
        // noise as about 1.15 sigma.
        var histogram = [Int](repeating: 0, count: 256)
        for level in light { histogram[level] += 1 }
        let page = InkScale.percentile(histogram, total: light.count, fraction: 0.5)
        var differences = [Int](repeating: 0, count: 256)
        for y in 0..<picture.height {
            for x in 0..<max(0, picture.width - 2) { differences[abs(light[y * picture.width + x + 2] - light[y * picture.width + x])] += 1 }
        }
        let median = InkScale.percentile(differences, total: differences.reduce(0, +), fraction: 0.5)
        let noise = Int((1.2 * Float(median)).rounded(.up))
        let below = page - max(8, 3 * noise)
        let beyond = grown(surroundings(light, width: picture.width, height: picture.height, below: below), width: picture.width)
        for index in light.indices where beyond[index] { light[index] = page }
        let cleared = picture.replacingGrey(light.map { UInt8(flip ? 255 - $0 : $0) })
        return (cleared, InkScale(histogram: cleared.histogram, pageLevel: flip ? 255 - page : page, noise: noise, minimumContrast: minimumContrast))
    }

    /// Whether the page shows noise at the picture's border: a quarter of the border or more
    /// strays from the page level by 1 to 40 grey levels. Clean pages (canvases, MNIST, bitmap
    /// scans) stray not at all, and ink crossing the border strays further.
    static func isNoisy(_ border: [Int], page: Int) -> Bool {
        let near = border.indices.filter { $0 != page && abs($0 - page) <= 40 }.reduce(0) { $0 + border[$1] }
        return 4 * near >= border.reduce(0, +)
    }

    /// Whether the ink is lighter than the page, the page being the picture's median level
    /// (the border may show more of the surroundings than of the page, and uneven light spreads
    /// the page over many levels, but writing covers less than half of a picture): ink lies on
    /// the side of it holding more mass beyond `significance`.
    static func inkIsLight(_ histogram: [Int], significance: Int) -> Bool {
        let page = InkScale.percentile(histogram, total: histogram.reduce(0, +), fraction: 0.5)
        var (dark, light) = (0, 0)
        for level in histogram.indices {
            if level < page - significance { dark += (page - level) * histogram[level] }
            if level > page + significance { light += (level - page) * histogram[level] }
        }
        return light > dark
    }

    /// `light` (brightness, row-major) rescaled so the page has one level everywhere, the
    /// median of the cells' page levels (step 1).
    static func evenlyLit(_ light: [Int], width: Int, height: Int) -> [Int] {
        let side = max(2, Int(cellFraction * Float(min(width, height))))
        let (columns, rows) = ((width + side - 1) / side, (height + side - 1) / side)
        var histograms = [[Int]](repeating: [Int](repeating: 0, count: 256), count: columns * rows)
        for y in 0..<height {
            for x in 0..<width { histograms[(y / side) * columns + x / side][light[y * width + x]] += 1 }
        }
        // Each cell's page: the level 90% of it and its neighbours together stay under.
        let local = (0..<(columns * rows)).map { cell in
            let (row, column) = (cell / columns, cell % columns)
            var histogram = [Int](repeating: 0, count: 256)
            for r in max(0, row - 1)...min(rows - 1, row + 1) {
                for c in max(0, column - 1)...min(columns - 1, column + 1) {
                    for level in 0..<256 { histogram[level] += histograms[r * columns + c][level] }
                }
            }
            return Float(max(1, InkScale.percentile(histogram, total: histogram.reduce(0, +), fraction: 0.9)))
        }
        let page = local.sorted()[local.count / 2]
        var even = [Int](repeating: 0, count: width * height)
        for y in 0..<height {
            // Cell centres sit at (index + 0.5) * side: interpolate between the nearest four.
            let cy = min(max(Float(y) / Float(side) - 0.5, 0), Float(rows - 1))
            let (r0, fy) = (Int(cy), cy - Float(Int(cy)))
            let r1 = min(r0 + 1, rows - 1)
            for x in 0..<width {
                let cx = min(max(Float(x) / Float(side) - 0.5, 0), Float(columns - 1))
                let (c0, fx) = (Int(cx), cx - Float(Int(cx)))
                let c1 = min(c0 + 1, columns - 1)
                let top = local[r0 * columns + c0] * (1 - fx) + local[r0 * columns + c1] * fx
                let bottom = local[r1 * columns + c0] * (1 - fx) + local[r1 * columns + c1] * fx
                even[y * width + x] = Int(min(255, Float(light[y * width + x]) * page / (top * (1 - fy) + bottom * fy) + 0.5))
            }
        }
        return even
    }

    /// `mask` grown by `fringe` pixels in every direction (a square neighbourhood): the blurred
    /// transition between surroundings and the page goes with the surroundings.
    static func grown(_ mask: [Bool], width: Int) -> [Bool] {
        let height = mask.count / width
        var across = mask
        for y in 0..<height {
            for x in 0..<width where mask[y * width + x] {
                for nx in max(0, x - fringe)...min(width - 1, x + fringe) { across[y * width + nx] = true }
            }
        }
        var grown = across
        for y in 0..<height {
            for x in 0..<width where across[y * width + x] {
                for ny in max(0, y - fringe)...min(height - 1, y + fringe) { grown[ny * width + x] = true }
            }
        }
        return grown
    }

    /// Which pixels are darker than `below`, connected to the picture's edge and part of ink
    /// that runs along it for at least `contactFraction` of its shorter side (step 2).
    static func surroundings(_ light: [Int], width: Int, height: Int, below: Int) -> [Bool] {
        let rows = height > 1 ? [0, height - 1] : [0]
        let columns = width > 1 ? [0, width - 1] : [0]
        let edge = rows.flatMap { y in (0..<width).map { y * width + $0 } }
            + (height > 2 ? (1..<(height - 1)).flatMap { y in columns.map { y * width + $0 } } : [])
        let parts = ConnectedParts(width: width, height: height, seeds: edge) { light[$0] < below }
        var contact = [Int](repeating: 0, count: parts.count + 1)
        for index in edge { contact[Int(parts.labels[index])] += 1 }
        let needed = Int((contactFraction * Float(min(width, height))).rounded(.up))
        return parts.labels.map { $0 > 0 && contact[Int($0)] >= needed }
    }
}
