import Crypto
import DigitReaderCore
import Foundation

/// One loaded set of models with what the API says about them, swapped whole on reload.
///
/// A request takes the current generation once and uses only it, so a reload in the middle of a
/// request cannot mix old and new models in one answer.
public struct ModelGeneration: Sendable {
    public let registry: RecognizerRegistry
    /// The sha256 (hex) of each model's weights, by model id; models without weights (hand-made
    /// test recognizers) have none.
    public let weightDigests: [String: String]
    /// The body of `GET /api/models`.
    public let listing: ModelListing
    /// The body of `GET /healthz`.
    public let health: HealthStatus

    public init(registry: RecognizerRegistry) {
        self.registry = registry
        var digests: [String: String] = [:]
        for case let recognizer as NetworkRecognizer in registry.members {
            digests[recognizer.id] = Self.hex(SHA256.hash(data: WeightFile.encode(recognizer.network, modelID: recognizer.id)))
        }
        if let ensemble = registry.ensemble {
            // The ensemble's "weights" are its members' weights and its fitted settings.
            var hasher = SHA256()
            for member in ensemble.members { hasher.update(data: Array("\(member.id)=\(digests[member.id] ?? "none")\n".utf8)) }
            hasher.update(data: (try? JSONFormatting.compact.encode(ensemble.settings)) ?? Data())
            digests[ensemble.id] = Self.hex(hasher.finalize())
        }
        self.weightDigests = digests
        self.listing = ModelListing(registry)
        self.health = HealthStatus(models: registry.ids)
    }

    private static func hex(_ digest: some Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
