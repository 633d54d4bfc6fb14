/// Rectified linear unit, `max(0, x)`.
public struct ReLU: Layer {
    private var cachedOutput: [Float] = []

    public init() {}

    public var summary: String { "ReLU" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        inputShape
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor(shape: input.shape, scalars: input.scalars.map { max($0, 0) })
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        let output = self(input)
        cachedOutput = output.scalars
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        var dX = outputGradient.scalars
        for i in dX.indices where cachedOutput[i] <= 0 { dX[i] = 0 }
        return Tensor(shape: outputGradient.shape, scalars: dX)
    }
}
