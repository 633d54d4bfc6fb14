import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import DigitReaderModules
import Foundation

/// Where the MNIST files are: `--data`, else `$DIGIT_READER_MNIST`, else `data/mnist`.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder holding the four MNIST .gz files (default: $DIGIT_READER_MNIST, else data/mnist).", valueName: "dir"))
    var data: String?

    var directory: URL {
        let path = data ?? ProcessInfo.processInfo.environment["DIGIT_READER_MNIST"] ?? "data/mnist"
        return URL(fileURLWithPath: path)
    }

    /// Loads one split, turning loader errors into a clean CLI failure.
    func load(_ split: MNISTDataset.Split) throws -> MNISTDataset {
        do {
            return try MNISTDataset(directory: directory, split: split)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Where trained weights come from: `--models-dir` overrides the weights shipped with each module.
struct ModelsOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder with <id>.weights files that override the shipped ones.", valueName: "dir"))
    var modelsDir: String?

    var directory: URL? { modelsDir.map { URL(fileURLWithPath: $0) } }

    /// The ensemble settings: from `--models-dir` when it has them, else the shipped ones.
    var ensembleSettingsURL: URL? { preferred("ensemble.json", over: bundledEnsembleSettings) }

    /// The file `name` in `--models-dir` when it is there, else `shipped`.
    private func preferred(_ name: String, over shipped: URL?) -> URL? {
        guard let candidate = directory?.appendingPathComponent(name), FileManager.default.fileExists(atPath: candidate.path) else {
            return shipped
        }
        return candidate
    }

    /// The whole-digit verifier reading numbers relies on: from `--models-dir` when it has one,
    /// else the shipped one.
    func wholeDigitVerifier() throws -> WholeDigitVerifier {
        guard let url = preferred("\(WholeDigitVerifier.id).weights", over: bundledWholeDigitVerifier) else { throw ValidationError("this build ships no \(WholeDigitVerifier.id).weights") }
        do {
            return try WholeDigitVerifier(contentsOf: url)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Every registered recognizer plus the ensemble.
    func registry() throws -> RecognizerRegistry {
        do {
            return try RecognizerRegistry(modules: registeredModules, modelsDirectory: directory, ensembleSettingsURL: ensembleSettingsURL)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The recognizer `id` names in `registry` (its default one for `nil`); an unknown id is a
    /// usage error listing the valid ones.
    static func recognizer(_ id: String?, in registry: RecognizerRegistry) throws -> any Recognizer {
        guard let id else { return registry.defaultRecognizer }
        do {
            return try registry.recognizer(id: id)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Every registered model without the ensemble (whose settings are not read, so fitting
    /// works whatever they hold).
    func members() throws -> [any Recognizer] {
        do {
            return try RecognizerRegistry(modules: registeredModules, modelsDirectory: directory, ensembleSettingsURL: nil).members
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The module registered under `id`, or an error listing the valid ids.
    static func module(_ id: String) throws -> RecognizerModule {
        guard let module = registeredModules.first(where: { $0.id == id }) else {
            throw ValidationError("unknown model '\(id)'; valid ids: \(registeredModules.map(\.id).joined(separator: ", "))")
        }
        return module
    }

    /// The recipe `module` is trained with, from `trainingPlans`.
    static func recipe(for module: RecognizerModule) throws -> TrainingRecipe {
        guard let recipe = trainingPlans[module.id] else {
            throw ValidationError("model '\(module.id)' has no training plan; add its recipe to `trainingPlans` in Sources/DigitReaderModules/RegisteredModules.swift")
        }
        return recipe
    }
}
