/// A fully connected layer: `y = x·W + b`.
public struct Dense: Layer {
    /// Number of outputs.
    public let units: Int
    private var weight = Tensor(shape: [0])
    private var bias = Tensor(shape: [0])
    private var weightGradient = Tensor(shape: [0])
    private var biasGradient = Tensor(shape: [0])
    private var cachedInput: Tensor?
    private var inputCount = 0

    public init(_ units: Int) {
        self.units = units
    }

    public var summary: String { "Dense \(units)" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        inputCount = inputShape.reduce(1, *)
        // He initialisation keeps activations at unit scale through ReLU stacks.
        let scale = (2 / Float(inputCount)).squareRoot()
        weight = Tensor(shape: [inputCount, units], scalars: (0..<(inputCount * units)).map { _ in generator.nextGaussian() * scale })
        bias = Tensor(shape: [units])
        return [units]
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        let n = input.batchSize
        precondition(input.itemSize == inputCount, "Dense expected \(inputCount) inputs per item, got \(input.itemSize)")
        var output = [Float](repeating: 0, count: n * units)
        for row in 0..<n {
            for j in 0..<units { output[row * units + j] = bias.scalars[j] }
        }
        GEMM.multiply(m: n, n: units, k: inputCount, a: input.scalars, lda: inputCount, b: weight.scalars, ldb: units, beta: 1, c: &output, ldc: units)
        return Tensor(shape: [n, units], scalars: output)
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        cachedInput = input
        return self(input)
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard let input = cachedInput else { preconditionFailure("backward before forward") }
        let n = input.batchSize
        var dW = [Float](repeating: 0, count: inputCount * units)
        GEMM.multiply(transposeA: true, m: inputCount, n: units, k: n, a: input.scalars, lda: inputCount, b: outputGradient.scalars, ldb: units, c: &dW, ldc: units)
        weightGradient = Tensor(shape: weight.shape, scalars: dW)
        var dB = [Float](repeating: 0, count: units)
        outputGradient.scalars.withUnsafeBufferPointer { g in
            for row in 0..<n {
                for j in 0..<units { dB[j] += g[row * units + j] }
            }
        }
        biasGradient = Tensor(shape: [units], scalars: dB)
        guard needsInputGradient else { return nil }
        var dX = [Float](repeating: 0, count: n * inputCount)
        GEMM.multiply(transposeB: true, m: n, n: inputCount, k: units, a: outputGradient.scalars, lda: units, b: weight.scalars, ldb: units, c: &dX, ldc: inputCount)
        return Tensor(shape: input.shape, scalars: dX)
    }

    public var parameters: [Tensor] {
        get { [weight, bias] }
        set { weight = newValue[0]; bias = newValue[1] }
    }

    public var gradients: [Tensor] { [weightGradient, biasGradient] }
}
