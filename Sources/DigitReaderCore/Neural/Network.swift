/// Builds a network's layer list in the order the layers run.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildBlock(_ layers: [any Layer]...) -> [any Layer] { layers.flatMap { $0 } }
}

/// A stack of layers run one after the other, ending in class scores (logits).
///
/// A model definition reads top to bottom like the layers it runs:
/// ```
/// Network(inputShape: [28, 28, 1], seed: 1) {
///     Conv2D(filters: 32, kernel: 3); ReLU()
///     MaxPool2D(2)
///     Flatten()
///     Dense(10)
/// }
/// ```
public struct Network: Sendable {
    /// Per-item input shape, e.g. `[28, 28, 1]`.
    public let inputShape: [Int]
    /// The layers, first to last.
    public private(set) var layers: [any Layer]

    /// Builds every layer for the shape it receives, initialising weights from `seed`.
    public init(inputShape: [Int], seed: UInt64, @LayerBuilder layers: () -> [any Layer]) {
        self.inputShape = inputShape
        var generator = SeededGenerator(seed: seed)
        var shape = inputShape
        var built = layers()
        for index in built.indices {
            shape = built[index].build(inputShape: shape, generator: &generator)
        }
        self.layers = built
    }

    /// Logits for a batch (inference mode).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var activations = input
        for layer in layers { activations = layer(consume activations) }
        return activations
    }

    /// Training forward pass; remembers what `backward` needs.
    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        var activations = input
        for index in layers.indices {
            activations = layers[index].forward(activations, context: &context)
        }
        return activations
    }

    /// Back-propagates dLoss/dLogits through every layer, leaving gradients in the layers.
    public mutating func backward(_ logitsGradient: Tensor) {
        var gradient = logitsGradient
        for index in layers.indices.reversed() {
            guard let next = layers[index].backward(gradient, needsInputGradient: index > 0) else { break }
            gradient = next
        }
    }

    /// All trainable parameters, layer by layer.
    public var parameters: [Tensor] {
        get { layers.flatMap(\.parameters) }
        set { distribute(newValue, into: \.parameters) }
    }

    /// Gradients from the last `backward`, matching `parameters`.
    public var gradients: [Tensor] { layers.flatMap(\.gradients) }

    /// Learned non-trainable state (batch-norm running statistics), layer by layer.
    public var buffers: [Tensor] {
        get { layers.flatMap(\.buffers) }
        set { distribute(newValue, into: \.buffers) }
    }

    /// Parameters and buffers, the tensors a weight file stores, in a fixed order.
    public var storedTensors: [Tensor] {
        get { parameters + buffers }
        set {
            let parameterCount = parameters.count
            parameters = Array(newValue[..<parameterCount])
            buffers = Array(newValue[parameterCount...])
        }
    }

    /// Number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// One line per layer, for model cards and `--help` output.
    public var architecture: [String] { layers.map(\.summary) }

    private mutating func distribute(_ tensors: [Tensor], into keyPath: WritableKeyPath<any Layer, [Tensor]>) {
        var offset = 0
        for index in layers.indices {
            let count = layers[index][keyPath: keyPath].count
            layers[index][keyPath: keyPath] = Array(tensors[offset..<(offset + count)])
            offset += count
        }
    }
}
