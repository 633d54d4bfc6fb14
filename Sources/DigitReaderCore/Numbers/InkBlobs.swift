/// The connected blobs of ink in a picture of a number (8-connected, at the picture's working
/// resolution), with specks dropped: the pieces `DigitGrouping` groups when a number arrives as
/// an image.
struct InkBlobs {
    /// Ink intensity at or above which a pixel belongs to a blob.
    static let inkLevel: Float = 0.35
    /// Blobs smaller than this fraction of the largest one are specks.
    static let speckFraction: Float = 0.03

    /// One blob, or the part of one between two columns after a cut.
    struct Blob {
        var label: Int32
        var columns: Range<Int>
        var box: PixelRegion
        var area: Int
    }

    let width: Int
    let height: Int
    /// Blob label of each pixel (0: no ink); a blob split at its necks gives its parts labels
    /// of their own.
    var labels: [Int32]
    /// The blobs that are not specks.
    let blobs: [Blob]

    init(_ picture: CompositedPicture, scale: InkScale) {
        width = picture.width
        height = picture.height
        let parts = ConnectedParts(width: width, height: height) { scale.lookup[Int(picture.grey[$0])] >= Self.inkLevel }
        let blobs = Self.blobs(count: parts.count, firstLabel: 1, pixels: parts.labels.indices.lazy.compactMap { index in
            parts.labels[index] > 0 ? (part: Int(parts.labels[index]) - 1, x: index % picture.width, y: index / picture.width) : nil
        })
        let largest = blobs.map(\.area).max() ?? 0
        labels = parts.labels
        self.blobs = blobs.filter { Float($0.area) >= Self.speckFraction * Float(largest) }
    }

    /// The blobs of `count` parts labelled from `firstLabel` on, from their `pixels` (each
    /// pixel's part, counted from 0, and position).
    static func blobs(count: Int, firstLabel: Int32, pixels: some Sequence<(part: Int, x: Int, y: Int)>) -> [Blob] {
        var (minX, minY) = ([Int](repeating: .max, count: count), [Int](repeating: .max, count: count))
        var (maxX, maxY) = ([Int](repeating: .min, count: count), [Int](repeating: .min, count: count))
        var area = [Int](repeating: 0, count: count)
        for (part, x, y) in pixels {
            (minX[part], maxX[part], minY[part], maxY[part]) = (min(minX[part], x), max(maxX[part], x), min(minY[part], y), max(maxY[part], y))
            area[part] += 1
        }
        return (0..<count).map { part in
            Blob(
                label: firstLabel + Int32(part), columns: minX[part]..<(maxX[part] + 1),
                box: PixelRegion(x: minX[part], y: minY[part], width: maxX[part] - minX[part] + 1, height: maxY[part] - minY[part] + 1),
                area: area[part])
        }
    }

    /// Whether the pixel at `x`, `y` belongs to `blob`.
    func contains(_ blob: Blob, x: Int, y: Int) -> Bool {
        labels[y * width + x] == blob.label && blob.columns.contains(x)
    }

    private func restricted(_ blob: Blob, to columns: Range<Int>) -> Blob? {
        var (minX, minY, maxX, maxY, area) = (Int.max, Int.max, Int.min, Int.min, 0)
        for y in blob.box.y..<(blob.box.y + blob.box.height) {
            for x in columns where labels[y * width + x] == blob.label {
                (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
                area += 1
            }
        }
        guard area > 0 else { return nil }
        return Blob(
            label: blob.label, columns: columns,
            box: PixelRegion(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1), area: area)
    }

    /// `blob` cut at `columns` (ascending) into slices, left to right, each shrunk to its ink;
    /// slices without ink are dropped.
    func slices(_ blob: Blob, at columns: [Int]) -> [Blob] {
        let bounds = [blob.columns.lowerBound] + columns + [blob.columns.upperBound]
        return zip(bounds, bounds.dropFirst()).compactMap { restricted(blob, to: $0..<$1) }
    }

    /// Columns of `blob` where a cut between two touching digits is most likely: the columns
    /// crossing the fewest strokes, then holding the least ink, at least `spacing` from each
    /// other and from the blob's ends, at most `count` of them, left to right.
    func cutColumns(_ blob: Blob, spacing: Int, count: Int) -> [Int] {
        let lower = blob.columns.lowerBound + spacing
        let upper = blob.columns.upperBound - spacing
        guard lower < upper, count > 0 else { return [] }
        let ranked = (lower..<upper).map { x in (x: x, ink: columnInk(blob, at: x)) }
            .sorted { ($0.ink.strokes, $0.ink.pixels, $0.x) < ($1.ink.strokes, $1.ink.pixels, $1.x) }
        var chosen: [Int] = []
        for candidate in ranked {
            guard chosen.allSatisfy({ abs($0 - candidate.x) >= spacing }) else { continue }
            chosen.append(candidate.x)
            if chosen.count == count { break }
        }
        return chosen.sorted()
    }

    /// `blob`'s ink in column `x`: how many separate runs (strokes crossed: 1 where two digits
    /// touch, 2 or more through the middle of most digits) and how many pixels.
    func columnInk(_ blob: Blob, at x: Int) -> (strokes: Int, pixels: Int) {
        var (strokes, pixels) = (0, 0)
        var inside = false
        for y in blob.box.y..<(blob.box.y + blob.box.height) {
            let isInk = labels[y * width + x] == blob.label
            if isInk {
                pixels += 1
                if !inside { strokes += 1 }
            }
            inside = isInk
        }
        return (strokes, pixels)
    }
}

extension InkBlobs {
    /// The part of `picture` holding `blobs`, with every other blob's ink painted over in the
    /// page colour (faint pixels below `inkLevel` are kept: they are the strokes' soft edges).
    func picture(of blobs: [Blob], in picture: CompositedPicture, page: UInt8) -> CompositedPicture {
        guard var minX = blobs.first?.box.x, var minY = blobs.first?.box.y else {
            return CompositedPicture(grey: [page], width: 1, height: 1, pageGrey: page)
        }
        var (maxX, maxY) = (0, 0)
        for blob in blobs {
            (minX, minY) = (min(minX, blob.box.x), min(minY, blob.box.y))
            (maxX, maxY) = (max(maxX, blob.box.x + blob.box.width), max(maxY, blob.box.y + blob.box.height))
        }
        let margin = 2
        let (left, top) = (max(0, minX - margin), max(0, minY - margin))
        let (right, bottom) = (min(width, maxX + margin), min(height, maxY + margin))
        let (cropWidth, cropHeight) = (right - left, bottom - top)
        var grey = [UInt8](repeating: page, count: cropWidth * cropHeight)
        for y in top..<bottom {
            for x in left..<right {
                let label = labels[y * width + x]
                guard label == 0 || blobs.contains(where: { $0.label == label && $0.columns.contains(x) }) else { continue }
                grey[(y - top) * cropWidth + (x - left)] = picture.grey[y * width + x]
            }
        }
        return CompositedPicture(grey: grey, width: cropWidth, height: cropHeight, pageGrey: page)
    }
}
