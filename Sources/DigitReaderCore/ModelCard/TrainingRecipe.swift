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
    /// Real handwriting mixed into every epoch beside MNIST.
    public var mix: TrainingMix

    public init(
        epochs: Int, batchSize: Int = 128, optimizer: OptimizerKind = .adam, learningRate: Float = 1e-3,
        warmupEpochs: Float = 0.5, weightDecay: Float = 0, labelSmoothing: Float = 0,
        augmentation: Augmentation = .none, mix: TrainingMix = .mnistOnly
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.warmupEpochs = warmupEpochs
        self.weightDecay = weightDecay
        self.labelSmoothing = labelSmoothing
        self.augmentation = augmentation
        self.mix = mix
    }

    /// Reads recipes recorded before `mix` existed as MNIST-only recipes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        epochs = try container.decode(Int.self, forKey: .epochs)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        optimizer = try container.decode(OptimizerKind.self, forKey: .optimizer)
        learningRate = try container.decode(Float.self, forKey: .learningRate)
        warmupEpochs = try container.decode(Float.self, forKey: .warmupEpochs)
        weightDecay = try container.decode(Float.self, forKey: .weightDecay)
        labelSmoothing = try container.decode(Float.self, forKey: .labelSmoothing)
        augmentation = try container.decode(Augmentation.self, forKey: .augmentation)
        mix = try container.decodeIfPresent(TrainingMix.self, forKey: .mix) ?? .mnistOnly
    }
}
