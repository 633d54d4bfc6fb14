import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

/// A recognizer that always answers the same probabilities.
struct FixedRecognizer: Recognizer {
    let id: String
    var name: String { "Fixed \(id)" }
    var summary: String { "always the same answer" }
    var parameterCount: Int { 0 }
    var card: ModelCard? { nil }
    let answer: [Float]

    func probabilities(for batch: [DigitImage]) -> [[Float]] {
        batch.map { _ in answer }
    }
}

@Suite("Registry")
struct RegistryTests {
    static func module(id: String, directory: URL?) -> RecognizerModule {
        RecognizerModule(id: id, name: id, summary: "test", bundledWeightsDirectory: directory) { seed in
            Network(inputShape: [28, 28, 1], seed: seed) { Flatten(); Dense(10) }
        }
    }

    @Test("modules load from a weights folder, the ensemble comes last and is the default")
    func loadsModules() throws {
        let directory = try TestData.temporaryDirectory()
        for id in ["a", "b"] {
            try WeightFile.write(Self.module(id: id, directory: nil).untrainedNetwork(seed: 1), modelID: id, to: directory.appendingPathComponent("\(id).weights"))
        }
        let registry = try RecognizerRegistry(modules: [Self.module(id: "a", directory: directory), Self.module(id: "b", directory: directory)])
        #expect(registry.ids == ["a", "b", "ensemble"])
        #expect(registry.defaultID == "ensemble")
        #expect(try registry.recognizer(id: "a").parameterCount == 7850)
    }

    @Test("a models folder overrides one model and leaves the others shipped")
    func overrideDirectory() throws {
        let shipped = try TestData.temporaryDirectory()
        let override = try TestData.temporaryDirectory()
        let a = Self.module(id: "a", directory: shipped)
        let b = Self.module(id: "b", directory: shipped)
        try WeightFile.write(a.untrainedNetwork(seed: 1), modelID: "a", to: shipped.appendingPathComponent("a.weights"))
        try WeightFile.write(b.untrainedNetwork(seed: 1), modelID: "b", to: shipped.appendingPathComponent("b.weights"))
        try WeightFile.write(a.untrainedNetwork(seed: 2), modelID: "a", to: override.appendingPathComponent("a.weights"))
        let registry = try RecognizerRegistry(modules: [a, b], modelsDirectory: override)
        let loadedA = try #require(try registry.recognizer(id: "a") as? NetworkRecognizer)
        let loadedB = try #require(try registry.recognizer(id: "b") as? NetworkRecognizer)
        #expect(loadedA.network.parameters == a.untrainedNetwork(seed: 2).parameters)
        #expect(loadedB.network.parameters == b.untrainedNetwork(seed: 1).parameters)
    }

    @Test("duplicate ids fail fast")
    func duplicates() throws {
        let directory = try TestData.temporaryDirectory()
        try WeightFile.write(Self.module(id: "a", directory: nil).untrainedNetwork(seed: 1), modelID: "a", to: directory.appendingPathComponent("a.weights"))
        #expect(throws: RegistryError.duplicateID("a")) {
            try RecognizerRegistry(modules: [Self.module(id: "a", directory: directory), Self.module(id: "a", directory: directory)])
        }
        #expect(throws: RegistryError.duplicateID("ensemble")) {
            try RecognizerRegistry(recognizers: [FixedRecognizer(id: "ensemble", answer: [])])
        }
    }

    @Test("missing and corrupt weights fail fast with the model named")
    func missingAndCorrupt() throws {
        let directory = try TestData.temporaryDirectory()
        let error = #expect(throws: RegistryError.self) { try RecognizerRegistry(modules: [Self.module(id: "a", directory: directory)]) }
        #expect(error?.description.contains("digit-reader train --model a") == true)
        try Data([1, 2, 3]).write(to: directory.appendingPathComponent("a.weights"))
        let corrupt = #expect(throws: RegistryError.self) { try RecognizerRegistry(modules: [Self.module(id: "a", directory: directory)]) }
        guard case .corruptWeights(id: "a", _) = corrupt else {
            Issue.record("expected corruptWeights, got \(String(describing: corrupt))")
            return
        }
    }

    @Test("a card with a temperature that is not positive fails fast")
    func badTemperature() throws {
        let directory = try TestData.temporaryDirectory()
        let module = Self.module(id: "a", directory: directory)
        let network = module.untrainedNetwork(seed: 1)
        try WeightFile.write(network, modelID: "a", to: directory.appendingPathComponent("a.weights"))
        let card = ModelCard(
            id: "a", name: "A", architecture: network.architecture, parameters: network.parameterCount,
            recipe: TrainingRecipe(epochs: 1), seed: 1, trainingSeconds: 0, accuracy: [:], validationAccuracy: 0,
            mnistSHA256: [:], trainedAt: "", temperature: -1)
        try ModelCardFile.write(card, to: directory.appendingPathComponent("a.card.json"))
        let error = #expect(throws: RegistryError.self) { try RecognizerRegistry(modules: [module]) }
        guard case .corruptCard(id: "a", _, _) = error else {
            Issue.record("expected corruptCard, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("temperature") == true)
    }

    @Test("an unknown id lists the valid ones")
    func unknownModel() throws {
        let registry = try RecognizerRegistry(recognizers: [FixedRecognizer(id: "x", answer: []), FixedRecognizer(id: "y", answer: [])])
        #expect(throws: RegistryError.unknownModel(id: "z", known: ["x", "y", "ensemble"])) { try registry.recognizer(id: "z") }
    }

    @Test("an empty registry is an error, a single model needs no ensemble")
    func sizes() throws {
        #expect(throws: RegistryError.noModels) { try RecognizerRegistry(recognizers: []) }
        let single = try RecognizerRegistry(recognizers: [FixedRecognizer(id: "x", answer: [])])
        #expect(single.ids == ["x"])
        #expect(single.defaultID == "x")
    }
}
