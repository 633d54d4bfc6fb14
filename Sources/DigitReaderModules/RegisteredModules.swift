import DigitReaderCore
import Foundation
import MultilayerCNNRecognizer
import ShallowCNNRecognizer
import SoftmaxRecognizer
import WideCNNRecognizer

/// The recognizer modules this build of Digit Reader offers, in listing order.
///
/// Adding a recognizer: create its folder under `Plugins/`, add it to `recognizerModules` in
/// `Package.swift`, and add its `module` here and its `recipe` to `trainingPlans` below.
public let registeredModules: [RecognizerModule] = [
    Softmax.module,
    ShallowCNN.module,
    MultilayerCNN.module,
    WideCNN.module,
]

/// How `digit-reader train` trains each module, by module id: the training plans, kept apart
/// from the modules so that serving never depends on training.
public let trainingPlans: [String: TrainingRecipe] = [
    Softmax.module.id: Softmax.recipe,
    ShallowCNN.module.id: ShallowCNN.recipe,
    MultilayerCNN.module.id: MultilayerCNN.recipe,
    WideCNN.module.id: WideCNN.recipe,
]

/// Where the fitted ensemble settings ship, beside the registration list.
public let bundledEnsembleSettings: URL? = Bundle.module.url(forResource: "ensemble", withExtension: "json")

/// Where the trained `WholeDigitVerifier` ships (`digit-reader train-verifier` writes it).
public let bundledWholeDigitVerifier: URL? = Bundle.module.url(forResource: WholeDigitVerifier.id, withExtension: "weights")
