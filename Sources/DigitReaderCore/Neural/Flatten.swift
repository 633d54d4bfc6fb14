/// Turns `[height, width, channels]` items into vectors; a pure reshape in channels-last layout.
public struct Flatten: Layer {
    private var inputShape: [Int] = []

    public init() {}

    public var summary: String { "Flatten" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        self.inputShape = inputShape
        return [inputShape.reduce(1, *)]
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        input.reshaped([input.batchSize, input.itemSize])
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        self(input)
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        needsInputGradient ? outputGradient.reshaped([outputGradient.batchSize] + inputShape) : nil
    }
}
