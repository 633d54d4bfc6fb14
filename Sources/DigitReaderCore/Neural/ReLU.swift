/// Rectified linear unit, `max(0, x)`.
public struct ReLU: Layer {
    private var cachedOutput: [Float] = []

    public init() {}

    public var summary: String { "ReLU" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        inputShape
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        input.scalars.withUnsafeMutableBufferPointer { y in
            for i in y.indices { y[i] = max(y[i], 0) }
        }
        return input
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        let output = self(input)
        cachedOutput = output.scalars
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        var dX = outputGradient
        dX.scalars.withUnsafeMutableBufferPointer { dx in
            cachedOutput.withUnsafeBufferPointer { y in
                for i in dx.indices where y[i] <= 0 { dx[i] = 0 }
            }
        }
        return dX
    }
}
