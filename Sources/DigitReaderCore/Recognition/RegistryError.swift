/// Why the recognizers could not be set up; start-up stops with this message.
public enum RegistryError: Error, CustomStringConvertible, Sendable, Equatable {
    case duplicateID(String)
    case missingWeights(id: String, path: String)
    case corruptWeights(id: String, reason: String)
    case corruptCard(id: String, path: String, reason: String)
    case corruptEnsemble(path: String, reason: String)
    case unknownModel(id: String, known: [String])
    case noModels

    public var description: String {
        switch self {
        case let .duplicateID(id):
            "two recognizer modules use the id '\(id)'; every module needs its own id"
        case let .missingWeights(id, path):
            "no trained weights for '\(id)' at \(path); train them with `digit-reader train --model \(id)` or pass --models-dir"
        case let .corruptWeights(id, reason):
            "the weights of '\(id)' cannot be used: \(reason)"
        case let .corruptCard(id, path, reason):
            "the model card of '\(id)' at \(path) is not valid JSON for a model card: \(reason)"
        case let .corruptEnsemble(path, reason):
            "the ensemble settings at \(path) cannot be used: \(reason)"
        case let .unknownModel(id, known):
            "unknown model '\(id)'; valid ids: \(known.joined(separator: ", "))"
        case .noModels:
            "no recognizer modules are registered"
        }
    }
}
