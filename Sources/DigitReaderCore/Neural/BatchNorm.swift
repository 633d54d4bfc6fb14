/// Batch normalisation over the last (channel or feature) dimension.
///
/// Training normalises with the batch's statistics and keeps running averages of them;
/// inference uses the running averages, so one digit's answer never depends on its batch.
public struct BatchNorm: Layer {
    /// Weight of the old running statistics in each update.
    public let momentum: Float
    public let epsilon: Float
    private var channels = 0
    private var gamma = Tensor(shape: [0])
    private var beta = Tensor(shape: [0])
    private var runningMean = Tensor(shape: [0])
    private var runningVariance = Tensor(shape: [0])
    private var gammaGradient = Tensor(shape: [0])
    private var betaGradient = Tensor(shape: [0])
    private var cachedNormalized: [Float] = []
    private var cachedInverseStd: [Float] = []

    public init(momentum: Float = 0.9, epsilon: Float = 1e-3) {
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var summary: String { "BatchNorm" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        channels = inputShape.last ?? 0
        gamma = Tensor(shape: [channels], repeating: 1)
        beta = Tensor(shape: [channels])
        runningMean = Tensor(shape: [channels])
        runningVariance = Tensor(shape: [channels], repeating: 1)
        return inputShape
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        var scale = [Float](repeating: 0, count: channels)
        var shift = [Float](repeating: 0, count: channels)
        for c in 0..<channels {
            scale[c] = gamma.scalars[c] / (runningVariance.scalars[c] + epsilon).squareRoot()
            shift[c] = beta.scalars[c] - runningMean.scalars[c] * scale[c]
        }
        input.scalars.withUnsafeMutableBufferPointer { y in
            scale.withUnsafeBufferPointer { scale in
                shift.withUnsafeBufferPointer { shift in
                    for row in 0..<(y.count / channels) {
                        let base = row * channels
                        for c in 0..<channels { y[base + c] = y[base + c] * scale[c] + shift[c] }
                    }
                }
            }
        }
        return input
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        let rows = input.count / channels
        var mean = [Float](repeating: 0, count: channels)
        var variance = [Float](repeating: 0, count: channels)
        input.scalars.withUnsafeBufferPointer { x in
            for row in 0..<rows {
                for c in 0..<channels { mean[c] += x[row * channels + c] }
            }
            for c in 0..<channels { mean[c] /= Float(rows) }
            for row in 0..<rows {
                for c in 0..<channels {
                    let d = x[row * channels + c] - mean[c]
                    variance[c] += d * d
                }
            }
        }
        for c in 0..<channels { variance[c] /= Float(rows) }
        let inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var normalized = input.scalars
        var output = input
        normalized.withUnsafeMutableBufferPointer { xhat in
            output.scalars.withUnsafeMutableBufferPointer { y in
                for row in 0..<rows {
                    for c in 0..<channels {
                        let i = row * channels + c
                        xhat[i] = (xhat[i] - mean[c]) * inverseStd[c]
                        y[i] = xhat[i] * gamma.scalars[c] + beta.scalars[c]
                    }
                }
            }
        }
        let unbiased = Float(rows) / Float(max(rows - 1, 1))
        for c in 0..<channels {
            runningMean.scalars[c] = momentum * runningMean.scalars[c] + (1 - momentum) * mean[c]
            runningVariance.scalars[c] = momentum * runningVariance.scalars[c] + (1 - momentum) * variance[c] * unbiased
        }
        cachedNormalized = normalized
        cachedInverseStd = inverseStd
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let rows = outputGradient.count / channels
        var dGamma = [Float](repeating: 0, count: channels)
        var dBeta = [Float](repeating: 0, count: channels)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            cachedNormalized.withUnsafeBufferPointer { xhat in
                for row in 0..<rows {
                    for c in 0..<channels {
                        let i = row * channels + c
                        dGamma[c] += dy[i] * xhat[i]
                        dBeta[c] += dy[i]
                    }
                }
            }
        }
        gammaGradient = Tensor(shape: [channels], scalars: dGamma)
        betaGradient = Tensor(shape: [channels], scalars: dBeta)
        guard needsInputGradient else { return nil }
        // dx = gamma·invStd/N · (N·dy − Σdy − x̂·Σ(dy·x̂))
        var dX = outputGradient
        let count = Float(rows)
        dX.scalars.withUnsafeMutableBufferPointer { dx in
            cachedNormalized.withUnsafeBufferPointer { xhat in
                for row in 0..<rows {
                    for c in 0..<channels {
                        let i = row * channels + c
                        let factor = gamma.scalars[c] * cachedInverseStd[c] / count
                        dx[i] = factor * (count * dx[i] - dBeta[c] - xhat[i] * dGamma[c])
                    }
                }
            }
        }
        return dX
    }

    public var parameters: [Tensor] {
        get { [gamma, beta] }
        set { gamma = newValue[0]; beta = newValue[1] }
    }

    public var gradients: [Tensor] { [gammaGradient, betaGradient] }

    public var buffers: [Tensor] {
        get { [runningMean, runningVariance] }
        set { runningMean = newValue[0]; runningVariance = newValue[1] }
    }
}
