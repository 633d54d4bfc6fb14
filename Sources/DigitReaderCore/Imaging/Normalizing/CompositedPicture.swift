/// Step 1 of `DigitNormalizer`: the picture composited onto its page colour, converted to grey
/// and box-averaged down to a working size, with the histogram of its grey levels.
///
/// This is the only pass over the full-resolution pixels. Compositing is linear, so compositing
/// the box averages equals averaging the composited pixels. Transparent parts take the page
/// colour: mostly transparent means the opaque part is the ink, so the page is its opposite (a
/// black brush on a transparent canvas reads as black on white); mostly opaque means the opaque
/// part is the page, so holes take its colour.
public struct CompositedPicture: Sendable {
    /// Grey levels, row-major, `width * height`.
    public private(set) var grey: [UInt8]
    public let width: Int
    public let height: Int
    /// How many source pixels each working pixel averages, along each side.
    public let factor: Int
    /// The source picture's size.
    public let sourceWidth: Int
    public let sourceHeight: Int
    /// The grey that transparent parts (and every cell outside `content`) took.
    public let pageGrey: UInt8
    /// How many working pixels have each grey level.
    public private(set) var histogram: [Int]
    /// The working pixels holding anything but transparent black: later steps look only there.
    let content: CellBox

    /// Pictures larger than this (longer side) are box-averaged by a whole factor: the output
    /// is 20 pixels across, so 128 (or more) is plenty, and a 280 px canvas costs a quarter.
    public static let workingSide = 128

    /// Composites and shrinks an RGBA picture (straight alpha, `width * height * 4` bytes) so
    /// that its longer side is about `workingSide`.
    public init(rgba: UnsafeBufferPointer<UInt8>, width sourceWidth: Int, height sourceHeight: Int) {
        self.init(
            rgba: rgba, width: sourceWidth, height: sourceHeight,
            factor: max(1, max(sourceWidth, sourceHeight) / Self.workingSide))
    }

    /// Composites an RGBA picture and box-averages it by `factor` along each side.
    public init(rgba: UnsafeBufferPointer<UInt8>, width sourceWidth: Int, height sourceHeight: Int, factor: Int) {
        // The body works on raw buffers and keeps its counters in plain locals (no closures
        // capturing mutable state): this is the hot path of every request.
        let factor = max(1, factor)
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
        var page: Float = 0
        if alphaTotal < 255 * pixelTotal {
            let opaqueIsDark = alphaTotal > 0 && weightedTotal < 128 * alphaTotal
            let mostlyTransparent = 2 * alphaTotal < 255 * pixelTotal
            page = mostlyTransparent == opaqueIsDark ? 255 : 0
        }
        let pageGrey = UInt8(page)
        var histogram = [Int](repeating: 0, count: 256)
        var transparentCells = count - content.area
        let grey = [UInt8](unsafeUninitializedCapacity: count) { grey, initialized in
            grey.initialize(repeating: pageGrey)
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
            initialized = count
        }
        histogram[Int(pageGrey)] += transparentCells
        self.grey = grey
        self.width = width
        self.height = height
        self.factor = factor
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.pageGrey = pageGrey
        self.histogram = histogram
        self.content = content
    }

    /// A picture that is grey already, on a known page colour: drawn strokes, or one digit cut
    /// out of a number. Nothing is composited or shrunk.
    public init(grey: [UInt8], width: Int, height: Int, pageGrey: UInt8) {
        precondition(grey.count == width * height, "expected \(width * height) grey bytes, got \(grey.count)")
        var histogram = [Int](repeating: 0, count: 256)
        var content = CellBox()
        for y in 0..<height {
            for x in 0..<width {
                let level = grey[y * width + x]
                histogram[Int(level)] += 1
                if level != pageGrey { content.include(x: x, y: y) }
            }
        }
        self.grey = grey
        self.width = width
        self.height = height
        self.factor = 1
        self.sourceWidth = width
        self.sourceHeight = height
        self.pageGrey = pageGrey
        self.histogram = histogram
        self.content = content
    }

    /// The same picture with other grey levels (`grey.count == width * height`): what
    /// `PhotoPage` makes of a photo.
    func replacingGrey(_ grey: [UInt8]) -> CompositedPicture {
        precondition(grey.count == width * height, "expected \(width * height) grey bytes, got \(grey.count)")
        var copy = self
        copy.grey = grey
        copy.histogram = [Int](repeating: 0, count: 256)
        for level in grey { copy.histogram[Int(level)] += 1 }
        return copy
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

    /// The grey levels along the picture's border, as a histogram: where the page shows.
    var borderHistogram: [Int] {
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
        return border
    }
}
