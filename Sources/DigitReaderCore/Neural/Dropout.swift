/// Zeroes a random fraction of activations while training (inverted dropout: survivors are
/// scaled by `1 / (1 - rate)`, so inference is the identity).
public struct Dropout: Layer {
    public let rate: Float
    private var cachedMask: [Float] = []

    public init(_ rate: Float) {
        precondition((0..<1).contains(rate), "dropout rate must be in 0..<1")
        self.rate = rate
    }

    public var summary: String { "Dropout \(rate)" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        inputShape
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        input
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        let keep = 1 - rate
        cachedMask = (0..<input.count).map { _ in context.generator.nextUniform() < keep ? 1 / keep : 0 }
        var output = input
        for i in output.scalars.indices { output.scalars[i] *= cachedMask[i] }
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        var dX = outputGradient
        for i in dX.scalars.indices { dX.scalars[i] *= cachedMask[i] }
        return dX
    }
}
