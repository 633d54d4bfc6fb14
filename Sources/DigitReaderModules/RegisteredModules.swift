import DigitReaderCore
import Foundation
import MultilayerCNNRecognizer
import ShallowCNNRecognizer
import SoftmaxRecognizer

/// The recognizer modules this build of Digit Reader offers, in listing order.
///
/// Adding a recognizer: create its folder under `Plugins/`, add it to `recognizerModules` in
/// `Package.swift`, and add its `module` here.
public let registeredModules: [RecognizerModule] = [
    Softmax.module,
    ShallowCNN.module,
    MultilayerCNN.module,
]

/// Where the fitted ensemble settings ship, beside the registration list.
public let bundledEnsembleSettings: URL? = Bundle.module.url(forResource: "ensemble", withExtension: "json")
