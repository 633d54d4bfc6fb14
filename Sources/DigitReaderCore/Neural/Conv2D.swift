/// A 2-D convolution over channels-last images, stride 1, computed as im2col plus one matrix product.
///
/// Rows of the im2col matrix are output positions and its columns are `kernel x kernel x inChannels`
/// input values, so `columns · Wᵀ` is the output already in `[batch, height, width, filters]` layout.
public struct Conv2D: Layer {
    /// How the borders are handled.
    public enum Padding: String, Sendable {
        /// No padding: the output shrinks by `kernel - 1`.
        case valid
        /// Zero padding that keeps the spatial size.
        case same
    }

    public let filters: Int
    public let kernel: Int
    public let padding: Padding
    public let useBias: Bool
    private var geometry = Geometry()
    private var weight = Tensor(shape: [0])
    private var bias = Tensor(shape: [0])
    private var weightGradient = Tensor(shape: [0])
    private var biasGradient = Tensor(shape: [0])
    private var cachedColumns: [Float] = []
    private var cachedBatch = 0

    /// `useBias` can be turned off when a batch normalisation follows, which makes a bias redundant.
    public init(filters: Int, kernel: Int, padding: Padding = .valid, useBias: Bool = true) {
        self.filters = filters
        self.kernel = kernel
        self.padding = padding
        self.useBias = useBias
    }

    public var summary: String { "Conv2D \(filters) \(kernel)x\(kernel) \(padding.rawValue)" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        precondition(inputShape.count == 3, "Conv2D needs [height, width, channels] input, got \(inputShape)")
        let pad = padding == .same ? (kernel - 1) / 2 : 0
        geometry = Geometry(
            height: inputShape[0], width: inputShape[1], channels: inputShape[2],
            kernel: kernel, pad: pad,
            outHeight: inputShape[0] + 2 * pad - kernel + 1, outWidth: inputShape[1] + 2 * pad - kernel + 1)
        let fanIn = geometry.patchSize
        let scale = (2 / Float(fanIn)).squareRoot()
        weight = Tensor(shape: [filters, fanIn], scalars: (0..<(filters * fanIn)).map { _ in generator.nextGaussian() * scale })
        bias = Tensor(shape: [useBias ? filters : 0])
        return [geometry.outHeight, geometry.outWidth, filters]
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        let columns = geometry.im2col(input)
        return multiply(columns, batch: input.batchSize)
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        cachedColumns = geometry.im2col(input)
        cachedBatch = input.batchSize
        return multiply(cachedColumns, batch: cachedBatch)
    }

    private func multiply(_ columns: [Float], batch: Int) -> Tensor {
        let rows = batch * geometry.outHeight * geometry.outWidth
        var output = [Float](repeating: 0, count: rows * filters)
        if useBias {
            output.withUnsafeMutableBufferPointer { out in
                for row in 0..<rows {
                    for f in 0..<filters { out[row * filters + f] = bias.scalars[f] }
                }
            }
        }
        GEMM.multiply(
            transposeB: true, m: rows, n: filters, k: geometry.patchSize,
            a: columns, lda: geometry.patchSize, b: weight.scalars, ldb: geometry.patchSize,
            beta: useBias ? 1 : 0, c: &output, ldc: filters)
        return Tensor(shape: [batch, geometry.outHeight, geometry.outWidth, filters], scalars: output)
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let rows = cachedBatch * geometry.outHeight * geometry.outWidth
        let k = geometry.patchSize
        var dW = [Float](repeating: 0, count: filters * k)
        GEMM.multiply(
            transposeA: true, m: filters, n: k, k: rows,
            a: outputGradient.scalars, lda: filters, b: cachedColumns, ldb: k, c: &dW, ldc: k)
        weightGradient = Tensor(shape: weight.shape, scalars: dW)
        if useBias {
            var dB = [Float](repeating: 0, count: filters)
            outputGradient.scalars.withUnsafeBufferPointer { g in
                for row in 0..<rows {
                    for f in 0..<filters { dB[f] += g[row * filters + f] }
                }
            }
            biasGradient = Tensor(shape: [filters], scalars: dB)
        } else {
            biasGradient = Tensor(shape: [0])
        }
        guard needsInputGradient else { return nil }
        var dColumns = [Float](repeating: 0, count: rows * k)
        GEMM.multiply(
            m: rows, n: k, k: filters,
            a: outputGradient.scalars, lda: filters, b: weight.scalars, ldb: k, c: &dColumns, ldc: k)
        return geometry.col2im(dColumns, batch: cachedBatch)
    }

    public var parameters: [Tensor] {
        get { useBias ? [weight, bias] : [weight] }
        set {
            weight = newValue[0]
            if useBias { bias = newValue[1] }
        }
    }

    public var gradients: [Tensor] { useBias ? [weightGradient, biasGradient] : [weightGradient] }
}

extension Conv2D {
    /// Sizes of one convolution and the im2col / col2im copies they imply.
    struct Geometry: Sendable {
        var height = 0, width = 0, channels = 0, kernel = 0, pad = 0, outHeight = 0, outWidth = 0

        var patchSize: Int { kernel * kernel * channels }

        /// Copies every `kernel x kernel x channels` input patch into one row.
        ///
        /// In channels-last layout the `kernel x channels` values of one patch row are
        /// contiguous in the input, so each is one block copy.
        func im2col(_ input: Tensor) -> [Float] {
            let batch = input.batchSize
            precondition(input.itemSize == height * width * channels, "Conv2D input has the wrong shape \(input.shape)")
            let rowLength = patchSize
            let total = batch * outHeight * outWidth * rowLength
            return [Float](unsafeUninitializedCapacity: total) { cols, initialized in
                input.scalars.withUnsafeBufferPointer { x in
                    forEachRun(batch: batch) { row, offset, inputIndex, count in
                        let destination = cols.baseAddress! + row * rowLength + offset
                        if let inputIndex {
                            destination.update(from: x.baseAddress! + inputIndex, count: count)
                        } else {
                            destination.update(repeating: 0, count: count)
                        }
                    }
                }
                initialized = total
            }
        }

        /// Adds every row of `columns` back onto the input positions it was copied from.
        func col2im(_ columns: [Float], batch: Int) -> Tensor {
            var output = [Float](repeating: 0, count: batch * height * width * channels)
            let rowLength = patchSize
            columns.withUnsafeBufferPointer { cols in
                output.withUnsafeMutableBufferPointer { dx in
                    forEachRun(batch: batch) { row, offset, inputIndex, count in
                        guard let inputIndex else { return }
                        let source = cols.baseAddress! + row * rowLength + offset
                        let destination = dx.baseAddress! + inputIndex
                        for i in 0..<count { destination[i] += source[i] }
                    }
                }
            }
            return Tensor(shape: [batch, height, width, channels], scalars: output)
        }

        /// Visits the contiguous runs that make up the im2col matrix: for each output position
        /// (`row`) and kernel row, the run of values at `offset` in the row comes from `inputIndex`
        /// onwards in the input, or is padding (`nil`).
        private func forEachRun(batch: Int, _ body: (_ row: Int, _ offset: Int, _ inputIndex: Int?, _ count: Int) -> Void) {
            let runLength = kernel * channels
            var row = 0
            for n in 0..<batch {
                let image = n * height * width * channels
                for oy in 0..<outHeight {
                    for ox in 0..<outWidth {
                        for ky in 0..<kernel {
                            let y = oy + ky - pad
                            let offset = ky * runLength
                            guard y >= 0 && y < height else {
                                body(row, offset, nil, runLength)
                                continue
                            }
                            let firstX = ox - pad
                            if firstX >= 0 && firstX + kernel <= width {
                                body(row, offset, image + (y * width + firstX) * channels, runLength)
                            } else {
                                for kx in 0..<kernel {
                                    let x0 = firstX + kx
                                    let inside = x0 >= 0 && x0 < width
                                    body(row, offset + kx * channels, inside ? image + (y * width + x0) * channels : nil, channels)
                                }
                            }
                        }
                        row += 1
                    }
                }
            }
        }
    }
}
