import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

/// Fine-tuning on corrections: the held-back split, the rule that refuses forgetting, and the
/// corrections' place in a training epoch.
@Suite struct FineTuningTests {
    static func correction(_ index: Int) -> FineTuning.Correction {
        FineTuning.Correction(
            id: String(format: "%08x-0000-4000-8000-000000000000", index * 7919 % 1000),
            image: DigitImage(pixels: [Float](repeating: Float(index % 10) / 10, count: DigitImage.pixelCount)), label: index % 10)
    }

    @Test func aFifthIsHeldBackTheSameWayEveryTime() {
        let corrections = (0..<203).map(Self.correction)
        let split = FineTuning.split(corrections)
        #expect(split.heldBack.count == 40)
        #expect(split.training.count == 163)
        #expect(Set(split.training.map(\.id)).isDisjoint(with: split.heldBack.map(\.id)))
        #expect(Set(split.training.map(\.id) + split.heldBack.map(\.id)) == Set(corrections.map(\.id)))
        // The split depends on the ids, not on the order the store returned them in.
        let again = FineTuning.split(corrections.reversed())
        #expect(again.heldBack == split.heldBack)
    }

    @Test func newWeightsAreRefusedWhenMNISTFallsMoreThanATenthOfAPoint() {
        #expect(FineTuning.refusal(mnistBefore: 0.9920, mnistAfter: 0.9950) == nil)
        #expect(FineTuning.refusal(mnistBefore: 0.9920, mnistAfter: 0.9910) == nil)
        let refusal = FineTuning.refusal(mnistBefore: 0.9920, mnistAfter: 0.9909)
        #expect(refusal?.contains("99.20% to 99.09%") == true)
        #expect(refusal?.contains("0.11 points") == true)
    }

    @Test func correctionsJoinEveryEpochAsManyTimesAsAsked() {
        let mnist = MNISTDataset(pixels: [UInt8](repeating: 0, count: 3 * DigitImage.pixelCount), labels: [1, 2, 3])
        let corrections = [Self.correction(4), Self.correction(7)]
        let set = TrainingSet(mnist: mnist, corrections: corrections.map { ($0.image, $0.label) }, correctionCopies: 5)
        #expect(set.countPerEpoch == 3 + 2 * 5)
        var generator = SeededGenerator(seed: 1)
        let epoch = set.epoch(using: &generator)
        let shown = epoch.filter { $0.source == .correction }
        #expect(shown.count == 10)
        #expect(shown.map { set.label(of: $0) }.sorted() == [4, 4, 4, 4, 4, 7, 7, 7, 7, 7])
        for example in shown {
            let pixels = set.pixels(of: example, augmentation: .none, generator: &generator)
            #expect(pixels == corrections[example.index].image.pixels)
        }
    }

    @Test func theRecipeKeepsTheModelsSettingsButNotItsWarmUp() {
        let base = TrainingRecipe(epochs: 12, batchSize: 64, optimizer: .adam, learningRate: 0.001, warmupEpochs: 1)
        let tuned = FineTuning.recipe(from: base, epochs: 2, learningRate: 0.0001)
        #expect(tuned.epochs == 2 && tuned.learningRate == 0.0001 && tuned.warmupEpochs == 0)
        #expect(tuned.batchSize == base.batchSize && tuned.optimizer == base.optimizer && tuned.mix == base.mix)
    }
}
