import Crypto
import DigitReaderCore
import Foundation

/// One loaded set of models with what the API says about them, swapped whole on reload.
///
/// A request takes the current generation once and uses only it, so a reload in the middle of a
/// request cannot mix old and new models in one answer.
public struct ModelGeneration: Sendable {
    public let registry: RecognizerRegistry
    /// Weighs how likely each candidate digit of a number is to be one whole digit
    /// (`NumberReader.verifier`); nil reads numbers without it. Loaded and swapped with the
    /// recognizers, so a reload cannot pair new recognizers with an old verifier.
    public let verifier: WholeDigitVerifier?
    /// The sha256 (hex) of the verifier's weights, when there is one.
    public let verifierSHA256: String?
    /// The sha256 (hex) of each model's weights, by model id; models without weights (hand-made
    /// test recognizers) have none.
    public let weightDigests: [String: String]
    /// The body of `GET /api/models`.
    public let listing: ModelListing
    /// The body of `GET /healthz`.
    public let health: HealthStatus

    public init(registry: RecognizerRegistry, verifier: WholeDigitVerifier? = nil) {
        self.registry = registry
        self.verifier = verifier
        verifierSHA256 = verifier.map { Self.digest(of: $0.network, id: WholeDigitVerifier.id) }
        var digests: [String: String] = [:]
        for case let recognizer as NetworkRecognizer in registry.members {
            digests[recognizer.id] = Self.digest(of: recognizer.network, id: recognizer.id)
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

    /// The sha256 of `network`'s weight file, as training writes it for `id`.
    private static func digest(of network: Network, id: String) -> String {
        hex(SHA256.hash(data: WeightFile.encode(network, modelID: id)))
    }

    private static func hex(_ digest: some Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
