/// Step 3 of `DigitNormalizer`: the ink map of the working picture with stray specks removed,
/// and the exact bounds of the ink that is kept.
///
/// Ink is grouped into connected blobs on a coarse grid (about 48 cells across); the largest
/// blob is kept, with blobs close to it and large blobs anywhere, while far, small specks are
/// erased, so a stray dot does not stretch the bounding box.
public struct InkMap: Sendable {
    /// Ink intensity 0...1 per working pixel; specks near the digit are erased, and later steps
    /// read only inside `bounds`.
    public let ink: [Float]
    public let width: Int
    public let height: Int
    /// Bounds of the kept ink, in working pixels.
    public let bounds: PixelRegion

    /// The ink of `picture` under `scale`; nil when no blob of ink is left.
    public init?(_ picture: CompositedPicture, scale: InkScale) {
        let (width, height) = (picture.width, picture.height)
        let lookup = scale.lookup
        let cellSide = max(1, (max(width, height) + 47) / 48)
        let gridWidth = (width + cellSide - 1) / cellSide
        let gridHeight = (height + cellSide - 1) / cellSide
        var inkStorage = [Float](repeating: 0, count: width * height)
        var cellMass = [Float](repeating: 0, count: gridWidth * gridHeight)
        var cellPeak = [Float](repeating: 0, count: gridWidth * gridHeight)
        // Cells outside `content` hold the page colour: when that reads as no ink, they are
        // skipped (columns start on a grid cell boundary, so the sums are the same either way).
        let content = picture.content
        let pageIsBlank = lookup[Int(picture.pageGrey)] == 0
        let inkRows = pageIsBlank ? content.rows : 0..<height
        let firstColumn = pageIsBlank ? content.columns.lowerBound / cellSide * cellSide : 0
        let endColumn = pageIsBlank ? content.columns.upperBound : width
        let keep: (mask: [Bool], bounds: PixelRegion)? = inkStorage.withUnsafeMutableBufferPointer { ink in
            lookup.withUnsafeBufferPointer { lookup in
                picture.grey.withUnsafeBufferPointer { grey in
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
            }
            return Self.cellsToKeep(mass: cellMass, peak: cellPeak, gridWidth: gridWidth, gridHeight: gridHeight)
        }
        guard let keep,
              let bounds = Self.keptInkBounds(&inkStorage, width: width, height: height, cellSide: cellSide, gridWidth: gridWidth, keep: keep)
        else { return nil }
        self.ink = inkStorage
        self.width = width
        self.height = height
        self.bounds = bounds
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
