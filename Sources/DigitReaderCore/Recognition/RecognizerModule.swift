import Foundation

/// A recognizer plug-in: everything the registry needs to serve one model.
///
/// Each folder under `Plugins/` exposes one `RecognizerModule` value describing the
/// architecture; its trained weights live beside it in `Weights/`. How it is trained (its
/// `TrainingRecipe`) is registered apart, in `trainingPlans`, so serving never touches training.
public struct RecognizerModule: Sendable {
    /// Stable identifier, also the weight file's base name (`<id>.weights`).
    public let id: String
    public let name: String
    public let summary: String
    /// The folder holding the shipped `<id>.weights` and `<id>.card.json`.
    public let bundledWeightsDirectory: URL?
    private let makeNetwork: @Sendable (UInt64) -> Network

    /// - Parameters:
    ///   - network: builds the untrained network, weights initialised from the seed.
    public init(
        id: String, name: String, summary: String, bundledWeightsDirectory: URL?, network: @escaping @Sendable (UInt64) -> Network
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.bundledWeightsDirectory = bundledWeightsDirectory
        self.makeNetwork = network
    }

    /// A freshly initialised network.
    public func untrainedNetwork(seed: UInt64) -> Network {
        makeNetwork(seed)
    }

    /// The folder the weights load from: `directory` when it holds this model's weights
    /// (so one retrained model can override the shipped one), else the shipped folder.
    public func weightsDirectory(preferring directory: URL?) -> URL? {
        if let directory, FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(id).weights").path) {
            return directory
        }
        return bundledWeightsDirectory
    }

    /// Loads the trained weights (and card, when present) into a ready recognizer.
    public func load(from directory: URL? = nil) throws(RegistryError) -> NetworkRecognizer {
        guard let folder = weightsDirectory(preferring: directory) else {
            throw .missingWeights(id: id, path: directory?.path ?? "(no weights folder)")
        }
        let url = folder.appendingPathComponent("\(id).weights")
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missingWeights(id: id, path: url.path) }
        let network: Network
        do {
            network = try WeightFile.load(into: untrainedNetwork(seed: 0), modelID: id, from: url)
        } catch {
            throw .corruptWeights(id: id, reason: error.description)
        }
        var card: ModelCard?
        let cardURL = folder.appendingPathComponent("\(id).card.json")
        if let data = try? Data(contentsOf: cardURL) {
            do {
                card = try JSONDecoder().decode(ModelCard.self, from: data)
            } catch {
                throw .corruptCard(id: id, path: cardURL.path, reason: "\(error)")
            }
            if let temperature = card?.temperature, !(temperature.isFinite && temperature > 0) {
                throw .corruptCard(id: id, path: cardURL.path, reason: "its temperature \(temperature) is not a positive number")
            }
        }
        return NetworkRecognizer(id: id, name: name, summary: summary, network: network, card: card)
    }
}
