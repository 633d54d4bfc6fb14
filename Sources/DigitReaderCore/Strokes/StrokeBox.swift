/// An axis-aligned box in a stroke drawing's own units.
public struct StrokeBox: Sendable, Equatable {
    public var minX: Float
    public var minY: Float
    public var maxX: Float
    public var maxY: Float

    /// The box of a single point.
    public init(_ point: SIMD2<Float>) {
        self.init(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)
    }

    public init(minX: Float, minY: Float, maxX: Float, maxY: Float) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The smallest box holding every point, `nil` when there are none.
    public init?(enclosing points: some Sequence<SIMD2<Float>>) {
        var iterator = points.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = StrokeBox(first)
        while let point = iterator.next() { box = box.including(point) }
        self = box
    }

    public var width: Float { maxX - minX }
    public var height: Float { maxY - minY }
    /// The middle of the box.
    public var centre: SIMD2<Float> { SIMD2(minX + maxX, minY + maxY) / 2 }

    /// The smallest box holding this one and `point`.
    public func including(_ point: SIMD2<Float>) -> StrokeBox {
        StrokeBox(minX: min(minX, point.x), minY: min(minY, point.y), maxX: max(maxX, point.x), maxY: max(maxY, point.y))
    }

    /// The smallest box holding both.
    public func union(_ other: StrokeBox) -> StrokeBox {
        StrokeBox(
            minX: min(minX, other.minX), minY: min(minY, other.minY),
            maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    /// The box grown by `amount` on every side.
    public func expanded(by amount: Float) -> StrokeBox {
        StrokeBox(minX: minX - amount, minY: minY - amount, maxX: maxX + amount, maxY: maxY + amount)
    }

    /// Whether the two boxes share any point.
    public func intersects(_ other: StrokeBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }
}
