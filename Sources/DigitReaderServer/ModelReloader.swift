import DigitReaderCore
import Foundation
import Logging

/// Loads the models again from their folder and swaps them in: `POST /api/admin/reload` and
/// SIGHUP.
///
/// The recognizers, and the whole-digit verifier numbers are read with, are loaded and checked
/// completely before anything changes: a missing, corrupt or mismatched weight file (or card)
/// refuses the reload and the loaded models keep serving. Requests that started before the swap
/// finish on the models they started with.
public struct ModelReloader: Sendable {
    /// Builds a fresh generation from the models folder (what `serve` did at start-up).
    public typealias Loader = @Sendable () throws -> ModelGeneration

    private let models: LiveModels
    private let load: Loader
    private let logger: Logger
    /// Loads and swaps one reload at a time, in order, so an older load never replaces a newer
    /// one; and keeps the reading and checking of megabytes of weights off Swift's cooperative
    /// threads.
    private let queue = DispatchQueue(label: "digit-reader.model-reload")

    public init(models: LiveModels, load: @escaping Loader, logger: Logger) {
        self.models = models
        self.load = load
        self.logger = logger
    }

    /// Loads and swaps; returns what `GET /api/models` now answers.
    public func reload() async throws(APIError) -> ReloadResult {
        let (models, load, logger) = (self.models, self.load, self.logger)
        let outcome: Result<ReloadResult, APIError> = await withCheckedContinuation { continuation in
            queue.async {
                do {
                    let generation = try load()
                    models.replace(with: generation)
                    var weights = generation.weightDigests.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.prefix(12))" }
                    if let verifier = generation.verifierSHA256 { weights.append("\(WholeDigitVerifier.id) \(verifier.prefix(12))") }
                    logger.info("models reloaded: \(weights.joined(separator: ", "))")
                    continuation.resume(returning: .success(ReloadResult(generation)))
                } catch {
                    logger.error("model reload refused, the loaded models keep serving: \(error)")
                    continuation.resume(returning: .failure(.reloadRefused("\(error)")))
                }
            }
        }
        return try outcome.get()
    }
}

/// The body of a successful `POST /api/admin/reload`: the models now served and their weights.
public struct ReloadResult: Codable, Sendable, Equatable {
    public var models: ModelListing
    /// sha256 of each model's weights, by id.
    public var weightsSHA256: [String: String]
    /// sha256 of the whole-digit verifier's weights; absent when numbers are read without one.
    public var verifierSHA256: String?

    init(_ generation: ModelGeneration) {
        models = generation.listing
        weightsSHA256 = generation.weightDigests
        verifierSHA256 = generation.verifierSHA256
    }
}
