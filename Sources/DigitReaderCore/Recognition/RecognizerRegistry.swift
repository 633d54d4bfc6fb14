import Foundation

/// Every recognizer available to the server and the CLI, built once at start-up.
///
/// Construction loads every module's weights and fails fast on a duplicate id, missing or
/// corrupt weights, so a server that started can answer with every model it lists.
public struct RecognizerRegistry: Sendable {
    /// The plug-in models in registration order, then the ensemble.
    public let recognizers: [any Recognizer]
    /// The model used when a request names none.
    public let defaultID: String
    /// The ensemble of every plug-in model, when there are several (also last in `recognizers`).
    public let ensemble: EnsembleRecognizer?
    /// The plug-in models, without the ensemble.
    public var members: [any Recognizer] { ensemble?.members ?? recognizers }

    /// Loads `modules` from `modelsDirectory` (or each module's bundled weights) and adds the
    /// ensemble with the settings at `ensembleSettingsURL` (equal weights when absent).
    public init(modules: [RecognizerModule], modelsDirectory: URL? = nil, ensembleSettingsURL: URL? = nil) throws(RegistryError) {
        var seen = Set<String>()
        var loaded: [any Recognizer] = []
        for module in modules {
            guard module.id != EnsembleRecognizer.reservedID, seen.insert(module.id).inserted else { throw .duplicateID(module.id) }
            loaded.append(try module.load(from: modelsDirectory))
        }
        try self.init(recognizers: loaded, ensembleSettings: Self.ensembleSettings(at: ensembleSettingsURL))
    }

    /// Wraps already-built recognizers (tests use this with small hand-made models).
    public init(recognizers: [any Recognizer], ensembleSettings: EnsembleSettings = .unfitted) throws(RegistryError) {
        guard !recognizers.isEmpty else { throw .noModels }
        var seen = Set<String>()
        for recognizer in recognizers where !seen.insert(recognizer.id).inserted || recognizer.id == EnsembleRecognizer.reservedID {
            throw .duplicateID(recognizer.id)
        }
        if recognizers.count > 1 {
            let ensemble = EnsembleRecognizer(members: recognizers, settings: ensembleSettings)
            self.ensemble = ensemble
            self.recognizers = recognizers + [ensemble]
            self.defaultID = EnsembleRecognizer.reservedID
        } else {
            self.ensemble = nil
            self.recognizers = recognizers
            self.defaultID = recognizers[0].id
        }
    }

    /// All ids, in listing order.
    public var ids: [String] { recognizers.map(\.id) }

    /// The recognizer with `id`, or an error listing the valid ids.
    public func recognizer(id: String) throws(RegistryError) -> any Recognizer {
        guard let found = recognizers.first(where: { $0.id == id }) else {
            throw .unknownModel(id: id, known: ids)
        }
        return found
    }

    /// The default recognizer.
    public var defaultRecognizer: any Recognizer {
        recognizers.first { $0.id == defaultID }!
    }

    private static func ensembleSettings(at url: URL?) throws(RegistryError) -> EnsembleSettings {
        guard let url, FileManager.default.fileExists(atPath: url.path) else { return .unfitted }
        do {
            return try JSONDecoder().decode(EnsembleSettings.self, from: Data(contentsOf: url))
        } catch {
            throw .corruptEnsemble(path: url.path, reason: "\(error)")
        }
    }
}
