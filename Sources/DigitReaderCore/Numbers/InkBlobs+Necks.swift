extension InkBlobs {
    /// `blob` split where its ink narrows to a neck thinner than its strokes: the place where
    /// two neighbouring digits, written with the same pen, touch.
    ///
    /// A pen draws strokes of one width, so inside a digit every point of a stroke's centre line
    /// lies about half that width from the edge; where two digits merely touch, the ink joining
    /// them is narrower. The blob's cores, the pixels deeper than `depthRatio` of its typical
    /// half-width (twice the median depth of its pixels), are its strokes with the necks taken
    /// out; every core at least as large as a square half a stroke's width wide (a digit's
    /// core is a thin line along its strokes: a 1's is short) grows back over the blob's ink,
    /// each pixel going to the core nearest along the ink, so the parts meet at the neck however
    /// the digits overlap, where a straight cut would leave a piece of one digit to the other.
    /// A blob without such a neck, with strokes too thin to have one (half-width under
    /// `minimumHalfWidth` pixels), or falling into more than `maximumParts` parts (not writing:
    /// the noisy band of a table a photo shows along its edge) comes back whole.
    mutating func splitAtNecks(_ blob: Blob, depthRatio: Float, minimumHalfWidth: Float, maximumParts: Int) -> [Blob] {
        let box = blob.box
        let (boxWidth, boxHeight) = (box.width + 2, box.height + 2)
        let inside = (0..<(boxWidth * boxHeight)).map { index in
            let (x, y) = (index % boxWidth + box.x - 1, index / boxWidth + box.y - 1)
            return x >= 0 && y >= 0 && x < width && y < height && contains(blob, x: x, y: y)
        }
        let squared = DistanceTransform.squaredDistances(width: boxWidth, height: boxHeight, features: inside.map { !$0 })
        let depths = inside.indices.filter { inside[$0] }.map { squared[$0] }.sorted()
        let halfWidth = 2 * depths[depths.count / 2].squareRoot()
        guard halfWidth >= minimumHalfWidth else { return [blob] }
        let threshold = (depthRatio * halfWidth) * (depthRatio * halfWidth)
        let cores = ConnectedParts(width: boxWidth, height: boxHeight) { inside[$0] && squared[$0] > threshold }
        var coreArea = [Int](repeating: 0, count: cores.count + 1)
        for label in cores.labels where label > 0 { coreArea[Int(label)] += 1 }
        let minimumCoreArea = Int(halfWidth * halfWidth)
        // part[core]: the part a core seeds (0: too small to seed one).
        var part = [Int32](repeating: 0, count: cores.count + 1)
        var partCount: Int32 = 0
        for core in 1..<coreArea.count where coreArea[core] >= minimumCoreArea {
            partCount += 1
            part[core] = partCount
        }
        guard partCount > 1, partCount <= maximumParts else { return [blob] }

        // Grow the parts from their cores over the ink, breadth first, so each pixel joins the
        // nearest.
        var owner = cores.labels.map { part[Int($0)] }
        var queue = owner.indices.filter { owner[$0] > 0 }
        var next = 0
        while next < queue.count {
            let index = queue[next]
            next += 1
            let (x, y) = (index % boxWidth, index / boxWidth)
            for ny in (y - 1)...(y + 1) {
                for nx in (x - 1)...(x + 1) {
                    let neighbour = ny * boxWidth + nx
                    guard inside[neighbour], owner[neighbour] == 0 else { continue }
                    owner[neighbour] = owner[index]
                    queue.append(neighbour)
                }
            }
        }

        // Give each part a label of its own in the picture.
        let firstLabel = (labels.max() ?? 0) + 1
        let pixels = owner.indices.lazy.compactMap { index in
            owner[index] > 0 ? (part: Int(owner[index]) - 1, x: index % boxWidth + box.x - 1, y: index / boxWidth + box.y - 1) : nil
        }
        for (part, x, y) in pixels { labels[y * width + x] = firstLabel + Int32(part) }
        return Self.blobs(count: Int(partCount), firstLabel: firstLabel, pixels: pixels)
    }
}

extension InkBlobs {
    /// The pairs of `blobs` (indices, the smaller first) whose ink touches: 8-neighbouring
    /// pixels, one in each.
    func touchingPairs(_ blobs: [Blob]) -> Set<[Int]> {
        guard let first = blobs.first else { return [] }
        let region = blobs.dropFirst().reduce(first.box) { $0.union($1.box) }
        var owner = [Int](repeating: -1, count: region.width * region.height)
        for (index, blob) in blobs.enumerated() {
            for y in blob.box.y..<(blob.box.y + blob.box.height) {
                for x in blob.box.x..<(blob.box.x + blob.box.width) where contains(blob, x: x, y: y) {
                    owner[(y - region.y) * region.width + (x - region.x)] = index
                }
            }
        }
        var pairs: Set<[Int]> = []
        for y in 0..<region.height {
            for x in 0..<region.width where owner[y * region.width + x] >= 0 {
                let here = owner[y * region.width + x]
                for (dx, dy) in [(1, 0), (-1, 1), (0, 1), (1, 1)] {
                    let (nx, ny) = (x + dx, y + dy)
                    guard nx >= 0, nx < region.width, ny < region.height else { continue }
                    let there = owner[ny * region.width + nx]
                    if there >= 0, there != here { pairs.insert([min(here, there), max(here, there)]) }
                }
            }
        }
        return pairs
    }
}
