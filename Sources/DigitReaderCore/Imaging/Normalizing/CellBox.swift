/// A bounding box of grid cells that grows as cells are included; empty until the first one.
///
/// The normaliser records where a picture holds anything at all while it reads the pixels, so
/// its later passes skip the transparent rest of a canvas instead of visiting every cell.
struct CellBox {
    private(set) var minX = Int.max
    private(set) var minY = Int.max
    private(set) var maxX = Int.min
    private(set) var maxY = Int.min

    /// Grows the box to cover the cell at `x`, `y`.
    mutating func include(x: Int, y: Int) {
        minX = min(minX, x)
        maxX = max(maxX, x)
        minY = min(minY, y)
        maxY = max(maxY, y)
    }

    var isEmpty: Bool { maxX < minX }

    /// Rows covered (empty when the box is).
    var rows: Range<Int> { isEmpty ? 0..<0 : minY..<(maxY + 1) }

    /// Columns covered (empty when the box is).
    var columns: Range<Int> { isEmpty ? 0..<0 : minX..<(maxX + 1) }

    /// Number of cells covered.
    var area: Int { rows.count * columns.count }
}
