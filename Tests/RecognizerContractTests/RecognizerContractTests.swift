import DigitReaderCore
import DigitReaderModules
import DigitReaderTraining
import Foundation
import Testing

/// The contract every registered recognizer module must keep, run against the shipped weights.
/// A new module is covered as soon as it is registered.
@Suite("Recognizer contract")
struct RecognizerContractTests {
    static let moduleIDs = registeredModules.map(\.id)

    static let registry = Result { try RecognizerRegistry(modules: registeredModules, ensembleSettingsURL: bundledEnsembleSettings) }

    static let mnistTest = Result {
        let path = ProcessInfo.processInfo.environment["DIGIT_READER_MNIST"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/mnist").path
        return try MNISTDataset(directory: URL(fileURLWithPath: path), split: .test)
    }

    /// MNIST test accuracy each shipped model's recorded figure must reach.
    static let accuracyFloors: [String: Double] = ["softmax": 0.915, "shallow-cnn": 0.990, "multilayer-cnn": 0.995, "wide-cnn": 0.995, "ensemble": 0.996]

    /// How far the accuracy measured here may stray from the figure the model card (or the
    /// ensemble's settings) records: 5 of the 10,000 digits, since another CPU or OpenBLAS
    /// kernel rounds a few borderline digits differently. The floors apply to the recorded
    /// figures, which are fixed, so the test cannot flake on them.
    static let reproductionTolerance = 0.0005

    static func module(_ id: String) -> RecognizerModule {
        registeredModules.first { $0.id == id }!
    }

    @Test("module ids are unique, URL-safe and the registry lists them all plus the ensemble")
    func registration() throws {
        #expect(Set(Self.moduleIDs).count == Self.moduleIDs.count)
        for id in Self.moduleIDs {
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(id) must be lowercase letters, digits and dashes")
        }
        #expect(try Self.registry.get().ids == Self.moduleIDs + ["ensemble"])
    }

    @Test("shipped weights load and carry a model card", arguments: moduleIDs)
    func loads(id: String) throws {
        let recognizer = try Self.module(id).load()
        #expect(recognizer.id == id)
        let card = try #require(recognizer.card)
        #expect(card.id == id)
        #expect(card.parameters == recognizer.parameterCount)
        #expect(card.mnistSHA256[MNISTDataset.File.testImages.rawValue] == MNISTDataset.File.testImages.sha256)
    }

    @Test("probabilities are ten non-negative numbers summing to 1", arguments: moduleIDs + ["ensemble"])
    func probabilities(id: String) throws {
        let recognizer = try Self.registry.get().recognizer(id: id)
        let test = try Self.mnistTest.get()
        let digits = (0..<20).map(test.image) + [.blank, DigitImage(pixels: [Float](repeating: 1, count: 784))]
        let answers = recognizer.probabilities(for: digits)
        #expect(answers.count == digits.count, "one answer per digit")
        for p in answers {
            #expect(p.count == DigitClass.count)
            #expect(p.allSatisfy { $0 >= 0 && $0.isFinite })
            #expect(abs(p.reduce(0, +) - 1) < 1e-4)
        }
    }

    @Test("answers are deterministic and do not depend on the batch", arguments: moduleIDs + ["ensemble"])
    func deterministic(id: String) throws {
        let recognizer = try Self.registry.get().recognizer(id: id)
        let test = try Self.mnistTest.get()
        let digits = (100..<108).map(test.image)
        let batch = recognizer.probabilities(for: digits)
        #expect(batch.count == digits.count, "one answer per digit")
        #expect(recognizer.probabilities(for: digits) == batch)
        for (digit, expected) in zip(digits, batch) {
            for (a, b) in zip(recognizer.probabilities(for: digit), expected) { #expect(abs(a - b) < 1e-5) }
        }
    }

    @Test("weights round-trip through the weight file format", arguments: moduleIDs)
    func roundTrip(id: String) throws {
        let module = Self.module(id)
        let network = try module.load().network
        let bytes = WeightFile.encode(network, modelID: id)
        let reloaded = try WeightFile.decode(bytes, into: module.untrainedNetwork(seed: 42), modelID: id)
        #expect(reloaded.storedTensors == network.storedTensors)
    }

    @Test("shipped models reach their MNIST floors, and reproduce their recorded figure here", arguments: moduleIDs + ["ensemble"])
    func accuracy(id: String) throws {
        let registry = try Self.registry.get()
        let recognizer = try registry.recognizer(id: id)
        let recorded = try #require(recognizer.accuracy["mnist"], "\(id) records no MNIST accuracy")
        let floor = try #require(Self.accuracyFloors[id], "every shipped model needs an accuracy floor here")
        #expect(recorded >= floor, "\(id): recorded \(recorded) < \(floor)")
        let measured = MNISTEvaluation(recognizer: recognizer, dataset: try Self.mnistTest.get()).accuracy
        #expect(abs(measured - recorded) <= Self.reproductionTolerance, "\(id): measured \(measured), recorded \(recorded)")
        if id == EnsembleRecognizer.reservedID {
            for member in Self.moduleIDs {
                let single = try #require(try registry.recognizer(id: member).accuracy["mnist"])
                #expect(recorded > single, "ensemble \(recorded) not above \(member) \(single)")
            }
        }
    }
}
