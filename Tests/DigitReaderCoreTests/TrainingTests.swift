import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Training")
struct TrainingTests {
    static let mnist = Result { try MNISTDataset(directory: TestData.mnistDirectory, split: .test) }

    @Test("a short run on a small subset reduces the loss and learns", arguments: [TrainingRecipe.OptimizerKind.adam, .sgd])
    func reducesLoss(optimizer: TrainingRecipe.OptimizerKind) throws {
        let data = try Self.mnist.get().subset(Array(0..<512))
        let network = NetworkTests.smallCNN(seed: 1)
        let recipe = TrainingRecipe(epochs: 3, batchSize: 32, optimizer: optimizer, learningRate: optimizer == .adam ? 3e-3 : 0.05)
        var losses: [Float] = []
        let trained = Trainer(recipe: recipe, seed: 1).train(network, on: data, validation: nil) { progress in
            if progress.batch == progress.batches { losses.append(progress.loss) }
        }
        #expect(losses.count == 3)
        #expect(losses.last! < losses.first! * 0.7, "losses per epoch: \(losses)")
        let recognizer = NetworkRecognizer(id: "t", name: "t", summary: "", network: trained, card: nil)
        #expect(MNISTEvaluation(recognizer: recognizer, dataset: data).accuracy > 0.7)
    }

    /// Networks other than recognizers (`WholeDigitVerifier`) learn from plain inputs with as
    /// many classes as they have outputs.
    @Test("a two-output network learns from plain inputs")
    func twoClasses() throws {
        let data = try Self.mnist.get()
        let inputs = (0..<data.count).filter { data.labels[$0] <= 1 }.prefix(256).map { (image: data.image($0), label: data.labels[$0]) }
        let network = Network(inputShape: [28, 28, 1], seed: 1) {
            Flatten()
            Dense(2)
        }
        var accuracy: Float = 0
        let trained = Trainer(recipe: TrainingRecipe(epochs: 2, batchSize: 32, learningRate: 3e-3), seed: 1)
            .train(network, on: TrainingSet(inputs: Array(inputs)), validation: []) { accuracy = $0.accuracy }
        #expect(accuracy > 0.9, "training accuracy \(accuracy)")
        let logits = trained(Tensor(batch: inputs.map(\.image)))
        let right = inputs.indices.count(where: { row in
            (logits.scalars[2 * row + 1] > logits.scalars[2 * row] ? 1 : 0) == inputs[row].label
        })
        #expect(right >= 240, "\(right) of \(inputs.count) right")
    }

    @Test("training is reproducible from the seed")
    func deterministic() throws {
        let data = try Self.mnist.get().subset(Array(0..<64))
        let recipe = TrainingRecipe(epochs: 1, batchSize: 16, augmentation: Augmentation(probability: 0.5, rotationDegrees: 5, elasticAlpha: 1))
        let first = Trainer(recipe: recipe, seed: 7).train(NetworkTests.smallCNN(seed: 1), on: data, validation: nil)
        let second = Trainer(recipe: recipe, seed: 7).train(NetworkTests.smallCNN(seed: 1), on: data, validation: nil)
        let third = Trainer(recipe: recipe, seed: 8).train(NetworkTests.smallCNN(seed: 1), on: data, validation: nil)
        #expect(first.storedTensors == second.storedTensors)
        #expect(first.storedTensors != third.storedTensors)
    }

    @Test("the learning rate warms up, peaks and decays along a cosine")
    func schedule() {
        let schedule = LearningRateSchedule(peak: 1, warmupSteps: 10, totalSteps: 110, floorFraction: 0.01)
        #expect(abs(schedule.rate(at: 0) - 0.1) < 1e-6)
        #expect(abs(schedule.rate(at: 9) - 1) < 1e-6)
        #expect(abs(schedule.rate(at: 60) - 0.505) < 1e-3)
        #expect(abs(schedule.rate(at: 110) - 0.01) < 1e-6)
        #expect(schedule.rate(at: 30) > schedule.rate(at: 40))
    }

    @Test("evaluation counts a confusion matrix")
    func evaluation() {
        let evaluation = MNISTEvaluation(predicted: [1, 1, 2, 3], labels: [1, 2, 2, 3])
        #expect(evaluation.accuracy == 0.75)
        #expect(evaluation.confusion[2][1] == 1)
        #expect(evaluation.perClassAccuracy[2] == 0.5)
        #expect(evaluation.count == 4)
    }
}

@Suite("Augmentation")
struct AugmentationTests {
    static let digit: [Float] = (0..<784).map { index in
        let (x, y) = (index % 28, index / 28)
        return (10...17).contains(x) && (6...21).contains(y) ? 1 : 0
    }

    @Test("disabled augmentation returns the digit unchanged")
    func disabled() {
        var generator = SeededGenerator(seed: 1)
        #expect(Augmentation.none.apply(to: Self.digit, label: 0, generator: &generator) == Self.digit)
    }

    @Test("each option changes the digit but keeps its ink on the canvas")
    func options() {
        let options = [
            Augmentation(probability: 1, rotationDegrees: 15),
            Augmentation(probability: 1, scale: 0.2),
            Augmentation(probability: 1, shear: 0.3),
            Augmentation(probability: 1, translation: 2),
            Augmentation(probability: 1, elasticAlpha: 2),
            Augmentation(probability: 1, strokeWidth: 1),
        ]
        let ink = Self.digit.reduce(0, +)
        for option in options {
            var generator = SeededGenerator(seed: 3)
            let varied = option.apply(to: Self.digit, label: 0, generator: &generator)
            #expect(varied != Self.digit, "\(option)")
            #expect(varied.allSatisfy { (0...1.0001).contains($0) })
            let variedInk = varied.reduce(0, +)
            #expect(variedInk > ink * 0.5 && variedInk < ink * 1.8, "\(option): ink \(ink) -> \(variedInk)")
        }
    }

    static let one: [Float] = (0..<784).map { index in
        let (x, y) = (index % 28, index / 28)
        return (13...15).contains(x) && (4...23).contains(y) ? 1 : 0
    }

    @Test("a flagged one gains a stroke running down-left from the top of its stem, centred by mass")
    func flaggedOne() {
        var generator = SeededGenerator(seed: 5)
        let flagged = Augmentation(flaggedOnes: 1).apply(to: Self.one, label: 1, generator: &generator)
        #expect(flagged.allSatisfy { (0...1).contains($0) })
        var inkColumns = Set<Int>()
        var topOfInk = 28
        for (index, value) in flagged.enumerated() where value >= 0.5 {
            inkColumns.insert(index % 28)
            topOfInk = min(topOfInk, index / 28)
        }
        let centre = centreOfMass(DigitImage(pixels: flagged))
        #expect(abs(centre.x - 14) <= 0.5 && abs(centre.y - 14) <= 0.5)
        // The stem is 3 columns wide; the flag widens the ink to the left only.
        let stemColumns = inkColumns.filter { column in
            (0..<28).filter { flagged[$0 * 28 + column] >= 0.5 }.count >= 15
        }
        #expect(stemColumns.count == 3)
        #expect(inkColumns.min()! < stemColumns.min()! - 2)
        #expect(inkColumns.max()! == stemColumns.max()!)
        // The flag hangs below the top of the stem: nothing rises above it.
        let flagRows = (0..<28).filter { row in (0..<stemColumns.min()!).contains { flagged[row * 28 + $0] >= 0.5 } }
        #expect(flagRows.min()! > topOfInk)
        #expect(flagged.reduce(0, +) > Self.one.reduce(0, +) * 1.1)
    }

    static let nine: [Float] = (0..<784).map { index in
        let (x, y) = (index % 28, index / 28)
        let ring = abs(((Float(x) - 13) * (Float(x) - 13) + (Float(y) - 8) * (Float(y) - 8)).squareRoot() - 3.5) < 1.2
        return ring || ((15...17).contains(x) && (8...23).contains(y)) ? 1 : 0
    }

    @Test("a hooked nine gains a tail turning left at the foot of its stem, still MNIST-fitted")
    func hookedNine() {
        var generator = SeededGenerator(seed: 7)
        let hooked = Augmentation(hookedNines: 1).apply(to: Self.nine, label: 9, generator: &generator)
        #expect(hooked != Self.nine)
        let solid = hooked.indices.filter { hooked[$0] >= 0.5 }
        let rows = solid.map { $0 / 28 }, columns = solid.map { $0 % 28 }
        #expect(rows.max()! - rows.min()! + 1 <= 20 && columns.max()! - columns.min()! + 1 <= 20)
        // The lowest ink reaches further left than the stem (the rightmost ink at the foot).
        let bottomRows = Set(rows.filter { $0 >= rows.max()! - 2 })
        let footColumns = solid.filter { bottomRows.contains($0 / 28) }.map { $0 % 28 }
        #expect(footColumns.max()! - footColumns.min()! >= 4)
        let centre = centreOfMass(DigitImage(pixels: hooked))
        #expect(abs(centre.x - 14) <= 0.5 && abs(centre.y - 14) <= 0.5)
    }

    @Test("only ones get a flag and only nines a hook")
    func strokesOnlyOnTheirDigits() {
        var generator = SeededGenerator(seed: 5)
        let both = Augmentation(flaggedOnes: 1, hookedNines: 1)
        #expect(both.apply(to: Self.one, label: 7, generator: &generator) == Self.one)
        #expect(both.apply(to: Self.nine, label: 3, generator: &generator) == Self.nine)
    }

    @Test("a digit redrawn on a canvas comes back normalised: same place, softer edges, any label")
    func canvasRedraw() {
        var generator = SeededGenerator(seed: 9)
        let augmentation = Augmentation(canvasRedraw: 1)
        #expect(augmentation.isEnabled)
        for label in [1, 4, 7] {
            let redrawn = augmentation.apply(to: Self.nine, label: label, generator: &generator)
            #expect(redrawn != Self.nine)
            #expect(redrawn.allSatisfy { (0...1).contains($0) })
            let centre = centreOfMass(DigitImage(pixels: redrawn))
            #expect(abs(centre.x - 14) <= 0.5 && abs(centre.y - 14) <= 0.5)
            let solid = Self.nine.filter { $0 >= 0.99 }.count
            let grey = { (image: [Float]) in image.filter { $0 > 0.05 && $0 < 0.95 }.count }
            #expect(grey(redrawn) > grey(Self.nine), "the round trip must soften edges")
            #expect(Float(redrawn.filter { $0 > 0.5 }.count) > 0.6 * Float(solid), "the digit must survive")
        }
    }

    @Test("recipes recorded before flagged ones existed still decode")
    func decodesOlderRecipes() throws {
        let json = #"{"probability":0.5,"rotationDegrees":0,"scale":0,"shear":0,"translation":0,"elasticAlpha":1.5,"elasticSigma":4,"strokeWidth":0}"#
        let augmentation = try JSONDecoder().decode(Augmentation.self, from: Data(json.utf8))
        #expect(augmentation == Augmentation(probability: 0.5, elasticAlpha: 1.5, elasticSigma: 4))
    }
}
