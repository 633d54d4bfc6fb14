/// How a model is trained: the knobs `digit-reader train` uses, recorded in the model card.
public struct TrainingRecipe: Codable, Sendable, Equatable {
    public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
        case adam, sgd
    }

    public var epochs: Int
    public var batchSize: Int
    public var optimizer: OptimizerKind
    /// Peak learning rate, reached after warm-up and decayed along a cosine.
    public var learningRate: Float
    public var warmupEpochs: Float
    public var weightDecay: Float
    public var labelSmoothing: Float
    /// Variation synthesised from the MNIST training digits.
    public var augmentation: Augmentation

    public init(
        epochs: Int, batchSize: Int = 128, optimizer: OptimizerKind = .adam, learningRate: Float = 1e-3,
        warmupEpochs: Float = 0.5, weightDecay: Float = 0, labelSmoothing: Float = 0,
        augmentation: Augmentation = .none
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.warmupEpochs = warmupEpochs
        self.weightDecay = weightDecay
        self.labelSmoothing = labelSmoothing
        self.augmentation = augmentation
    }
}
