/// What is known about a trained model: how it was built and trained and how well it reads.
///
/// Written by `digit-reader train` beside the weights (`<id>.card.json`) and shown by the API
/// and the web page.
public struct ModelCard: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var architecture: [String]
    public var parameters: Int
    public var recipe: TrainingRecipe
    public var seed: UInt64
    public var trainingSeconds: Double
    /// Accuracy on named test sets, as fractions; `mnist` is the 10,000 MNIST test digits.
    public var accuracy: [String: Double]
    /// Accuracy on the held-out validation split of the MNIST training images.
    public var validationAccuracy: Double
    /// sha256 of the decompressed MNIST files the model was trained and tested on.
    public var mnistSHA256: [String: String]
    /// When training finished (ISO 8601).
    public var trainedAt: String
    /// What the logits are divided by before the softmax, fitted on the validation digits so that
    /// confidences are calibrated (`TemperatureCalibration`); absent means 1.
    public var temperature: Float?
    /// The data beyond MNIST the model learned from (absent: MNIST alone).
    public var dataSources: [DataSource]?
    /// Accuracy on each validation set by name (`mnist`, `pen-writers-26-30`, `optdigits-cv-wdep`).
    public var validation: [String: Double]?

    public init(
        id: String, name: String, architecture: [String], parameters: Int, recipe: TrainingRecipe,
        seed: UInt64, trainingSeconds: Double, accuracy: [String: Double], validationAccuracy: Double,
        mnistSHA256: [String: String], trainedAt: String, temperature: Float? = nil,
        dataSources: [DataSource]? = nil, validation: [String: Double]? = nil
    ) {
        self.id = id
        self.name = name
        self.architecture = architecture
        self.parameters = parameters
        self.recipe = recipe
        self.seed = seed
        self.trainingSeconds = trainingSeconds
        self.accuracy = accuracy
        self.validationAccuracy = validationAccuracy
        self.mnistSHA256 = mnistSHA256
        self.trainedAt = trainedAt
        self.temperature = temperature
        self.dataSources = dataSources
        self.validation = validation
    }
}
