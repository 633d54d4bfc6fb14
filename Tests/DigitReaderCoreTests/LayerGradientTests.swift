import DigitReaderCore
import DigitReaderTraining
import Testing

/// Compares every layer's backward pass with central finite differences of
/// `loss = Σ forward(x) · r` for a fixed random `r`.
@Suite("Layer gradients")
struct LayerGradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let inputShape: [Int]
        let make: @Sendable () -> any Layer
        /// Inputs spaced apart, for layers with kinks (max pooling, ReLU).
        var separatedInputs = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Dense", inputShape: [6], make: { Dense(4) }),
        Case(name: "Conv2D valid", inputShape: [5, 6, 2], make: { Conv2D(filters: 3, kernel: 3) }),
        Case(name: "Conv2D same", inputShape: [5, 4, 2], make: { Conv2D(filters: 2, kernel: 3, padding: .same) }),
        Case(name: "Conv2D 5x5 no bias", inputShape: [6, 6, 1], make: { Conv2D(filters: 2, kernel: 5, useBias: false) }),
        Case(name: "MaxPool2D", inputShape: [4, 6, 2], make: { MaxPool2D(2) }, separatedInputs: true),
        Case(name: "ReLU", inputShape: [3, 3, 2], make: { ReLU() }, separatedInputs: true),
        Case(name: "BatchNorm", inputShape: [2, 2, 3], make: { BatchNorm() }),
        Case(name: "Dropout", inputShape: [10], make: { Dropout(0.3) }),
        Case(name: "Flatten", inputShape: [2, 3, 2], make: { Flatten() }),
    ]

    @Test("backward matches finite differences", arguments: cases)
    func gradientsMatch(_ testCase: Case) {
        let batch = 3
        var layer = testCase.make()
        var generator = SeededGenerator(seed: 11)
        let outputShape = layer.build(inputShape: testCase.inputShape, generator: &generator)
        let inputCount = batch * testCase.inputShape.reduce(1, *)
        var inputValues = TestData.randomValues(inputCount, seed: 5)
        if testCase.separatedInputs {
            // Distinct values 0.1 apart, shuffled, and none near zero, so no kink lies within ε.
            var shuffle = SeededGenerator(seed: 6)
            inputValues = (0..<inputCount).map { Float($0) * 0.1 - Float(inputCount) * 0.05 + 0.05 }.shuffled(using: &shuffle)
        }
        let input = Tensor(shape: [batch] + testCase.inputShape, scalars: inputValues)
        let weights = TestData.randomValues(batch * outputShape.reduce(1, *), seed: 7)

        func loss(_ candidate: any Layer, _ x: Tensor) -> Double {
            var copy = candidate
            var context = TrainingContext(generator: SeededGenerator(seed: 3))
            let y = copy.forward(x, context: &context)
            return zip(y.scalars, weights).reduce(0) { $0 + Double($1.0 * $1.1) }
        }

        var trained = layer
        var context = TrainingContext(generator: SeededGenerator(seed: 3))
        let output = trained.forward(input, context: &context)
        #expect(output.shape == [batch] + outputShape)
        let inputGradient = trained.backward(Tensor(shape: output.shape, scalars: weights), needsInputGradient: true)!
        #expect(inputGradient.shape == input.shape)

        let epsilon: Float = 1e-2
        func expectClose(_ analytic: Float, _ numeric: Double, _ what: String) {
            let tolerance = 2e-2 * max(1, abs(Double(analytic)))
            #expect(abs(Double(analytic) - numeric) < tolerance, "\(testCase.name) \(what): backward \(analytic), finite difference \(numeric)")
        }
        for i in stride(from: 0, to: input.count, by: max(input.count / 12, 1)) {
            var plus = input, minus = input
            plus.scalars[i] += epsilon
            minus.scalars[i] -= epsilon
            let numeric = (loss(layer, plus) - loss(layer, minus)) / Double(2 * epsilon)
            expectClose(inputGradient.scalars[i], numeric, "input \(i)")
        }
        let gradients = trained.gradients
        #expect(gradients.map(\.shape) == layer.parameters.map(\.shape))
        for p in layer.parameters.indices {
            for i in stride(from: 0, to: layer.parameters[p].count, by: max(layer.parameters[p].count / 8, 1)) {
                var plus = layer, minus = layer
                plus.parameters[p].scalars[i] += epsilon
                minus.parameters[p].scalars[i] -= epsilon
                let numeric = (loss(plus, input) - loss(minus, input)) / Double(2 * epsilon)
                expectClose(gradients[p].scalars[i], numeric, "parameter \(p)[\(i)]")
            }
        }
    }

    @Test("softmax cross-entropy gradient matches finite differences")
    func softmaxCrossEntropy() {
        let logits = Tensor(shape: [2, 10], scalars: TestData.randomValues(20, seed: 9).map { $0 * 3 })
        let labels = [3, 7]
        let (_, gradient) = SoftmaxCrossEntropy.loss(logits: logits, labels: labels, labelSmoothing: 0.1)
        let epsilon: Float = 1e-2
        for i in 0..<20 {
            var plus = logits, minus = logits
            plus.scalars[i] += epsilon
            minus.scalars[i] -= epsilon
            let numeric = (SoftmaxCrossEntropy.loss(logits: plus, labels: labels, labelSmoothing: 0.1).loss
                - SoftmaxCrossEntropy.loss(logits: minus, labels: labels, labelSmoothing: 0.1).loss) / (2 * epsilon)
            #expect(abs(gradient.scalars[i] - numeric) < 2e-3)
        }
    }

    @Test("softmax probabilities are positive and sum to 1, even for huge logits")
    func softmaxIsStable() {
        let probabilities = SoftmaxCrossEntropy.probabilities(Tensor(shape: [1, 10], scalars: [1000, 999, 0, 0, 0, 0, 0, 0, 0, -1000]))[0]
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
        #expect(probabilities.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(probabilities.argmax == 0)
    }

    @Test("conv gradients agree between the BLAS and Swift back ends")
    func convBackendsAgree() {
        func gradients(_ backend: GEMM.Backend) -> ([Float], [Float]) {
            GEMM.$backend.withValue(backend) {
                var layer: any Layer = Conv2D(filters: 4, kernel: 3, padding: .same)
                var generator = SeededGenerator(seed: 2)
                _ = layer.build(inputShape: [6, 6, 3], generator: &generator)
                var context = TrainingContext(generator: generator)
                let output = layer.forward(Tensor(shape: [2, 6, 6, 3], scalars: TestData.randomValues(216, seed: 4)), context: &context)
                let dx = layer.backward(Tensor(shape: output.shape, scalars: TestData.randomValues(output.count, seed: 8)), needsInputGradient: true)!
                return (dx.scalars, layer.gradients[0].scalars)
            }
        }
        let (blasInput, blasWeights) = gradients(.blas)
        let (swiftInput, swiftWeights) = gradients(.swift)
        for (a, b) in zip(blasInput + blasWeights, swiftInput + swiftWeights) { #expect(abs(a - b) < 1e-4) }
    }
}
