/// One step of a network, with the forward and backward passes written for this project.
///
/// Layers are value types: a trained network is an immutable value that many threads can
/// run at once, while training mutates its own copy (parameters, gradients and the caches
/// the backward pass needs).
public protocol Layer: Sendable {
    /// A short description for model cards and summaries, e.g. `Conv2D 32 3x3`.
    var summary: String { get }

    /// Allocates and initialises parameters for a per-item input shape and returns the
    /// per-item output shape.
    mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int]

    /// Inference: the output for a batch, using running statistics where training used batch ones.
    /// The input is consumed so that element-wise layers can work in place without a copy.
    func callAsFunction(_ input: consuming Tensor) -> Tensor

    /// Training forward pass: like inference, but in training mode, remembering what `backward` needs.
    mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor

    /// Given dLoss/dOutput of the last `forward`, stores the parameter gradients and returns
    /// dLoss/dInput (or `nil` when `needsInputGradient` is false, which saves work in the first layer).
    mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor?

    /// Trainable parameters.
    var parameters: [Tensor] { get set }
    /// Gradients of the last `backward`, one per parameter.
    var gradients: [Tensor] { get }
    /// Learned state that is not trained by gradients (batch-norm running statistics); saved with the weights.
    var buffers: [Tensor] { get set }
}

extension Layer {
    public var parameters: [Tensor] {
        get { [] }
        set {}
    }
    public var gradients: [Tensor] { [] }
    public var buffers: [Tensor] {
        get { [] }
        set {}
    }
}

/// What a training forward pass needs besides its input: randomness for dropout.
public struct TrainingContext: Sendable {
    /// Source of dropout masks; seeded so that training is reproducible.
    public var generator: SeededGenerator

    public init(generator: SeededGenerator) {
        self.generator = generator
    }
}
