/// A dense array of `Float` with a shape; the first dimension is the batch.
///
/// Activations use channels-last layout (`[batch, height, width, channels]`) so that a
/// convolution is one im2col copy plus one matrix product whose result is already in layout.
public struct Tensor: Sendable, Equatable {
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Row-major values; `scalars.count` is the product of `shape`.
    public var scalars: [Float]

    /// Wraps values with a shape; the counts must agree.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) does not hold \(scalars.count) values")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Number of values.
    public var count: Int { scalars.count }

    /// Size of the first (batch) dimension.
    public var batchSize: Int { shape[0] }

    /// Values per batch item.
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }

    /// Each batch item's values, first to last: the rows of `[batch, classes]` logits.
    public var rows: [[Float]] {
        let size = itemSize
        return (0..<batchSize).map { Array(scalars[($0 * size)..<(($0 + 1) * size)]) }
    }

    /// The same values with a different shape of equal size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Stacks 28x28 digits into a `[n, 28, 28, 1]` batch.
    public init(batch digits: [DigitImage]) {
        var values = [Float]()
        values.reserveCapacity(digits.count * DigitImage.pixelCount)
        for digit in digits { values.append(contentsOf: digit.pixels) }
        self.init(shape: [digits.count, DigitImage.side, DigitImage.side, 1], scalars: values)
    }
}
