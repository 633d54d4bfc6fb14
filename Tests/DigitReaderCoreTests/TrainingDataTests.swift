import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Training data beyond MNIST")
struct TrainingDataTests {
    /// One small digit per writer 1...30: a vertical bar ("1") for odd writers, a "7" for even ones.
    static let penDigits: [PenDigit] = (1...30).map { writer in
        writer % 2 == 1
            ? PenDigit(label: 1, writer: writer, strokes: [[SIMD2(50, 10), SIMD2(50, 90)]])
            : PenDigit(label: 7, writer: writer, strokes: [[SIMD2(10, 10), SIMD2(90, 10), SIMD2(40, 90)]])
    }

    static let scans: [OptDigit] = OptDigit.Part.allCases.enumerated().map { index, part in
        OptDigit(label: index, part: part, bitmap: (0..<1024).map { ($0 % 32) >= 12 && ($0 % 32) < 20 && $0 / 32 > 4 && $0 / 32 < 28 })
    }

    static let mnist = MNISTDataset(pixels: [UInt8](repeating: 0, count: 2 * 784), labels: [3, 8])

    @Test("the split keeps writers 26-30 and optdigits cv/wdep for validation only")
    func split() {
        #expect(HandwritingSplit.training(Self.penDigits).map(\.writer) == Array(1...25))
        #expect(HandwritingSplit.validation(Self.penDigits).map(\.writer) == Array(26...30))
        #expect(HandwritingSplit.training(Self.scans).map(\.part) == [.tra])
        #expect(Set(HandwritingSplit.validation(Self.scans).map(\.part)) == [.cv, .wdep])
        #expect(!HandwritingSplit.penTrainingWriters.overlaps(HandwritingSplit.penValidationWriters))
        #expect(HandwritingSplit.scanTrainingParts.isDisjoint(with: HandwritingSplit.scanValidationParts))
    }

    @Test("validation writers and parts never reach training, whatever the caller passes")
    func validationNeverTrains() {
        let set = TrainingSet(mnist: Self.mnist, pen: Self.penDigits, scans: Self.scans, mix: TrainingMix(penRenders: 2, scanCopies: 3))
        #expect(set.pen.allSatisfy { HandwritingSplit.penTrainingWriters.contains($0.writer) })
        #expect(set.pen.count == 25)
        #expect(set.scans.count == 1 && set.scanLabels == [0])
        var generator = SeededGenerator(seed: 3)
        let epoch = set.epoch(using: &generator)
        #expect(epoch.count == 2 + 25 * 2 + 1 * 3)
        #expect(epoch.count == set.countPerEpoch)
        let penWriters = epoch.filter { $0.source == .pen }.map { set.pen[$0.index].writer }
        #expect(!penWriters.isEmpty && penWriters.allSatisfy { $0 <= 25 })
        #expect(Set(penWriters) == Set(1...25))
    }

    @Test("a mix without handwriting trains on MNIST alone")
    func mnistOnly() {
        let set = TrainingSet(mnist: Self.mnist, pen: Self.penDigits, scans: Self.scans, mix: .mnistOnly)
        var generator = SeededGenerator(seed: 1)
        #expect(set.epoch(using: &generator).allSatisfy { $0.source == .mnist })
        #expect(set.countPerEpoch == 2)
        #expect(!TrainingMix.mnistOnly.usesHandwriting)
    }

    @Test("pen digits are drawn in a new style each time, the same styles for the same seed")
    func renderingStyles() {
        let set = TrainingSet(mnist: Self.mnist, pen: Self.penDigits, mix: TrainingMix(penRenders: 1, scanCopies: 0))
        let example = TrainingSet.Example(source: .pen, index: 3)
        func draws(seed: UInt64) -> [[Float]] {
            var generator = SeededGenerator(seed: seed)
            return (0..<3).map { _ in set.pixels(of: example, augmentation: .none, generator: &generator) }
        }
        let first = draws(seed: 5)
        #expect(first == draws(seed: 5))
        #expect(first != draws(seed: 6))
        #expect(first[0] != first[1], "each draw picks a new canvas style")
        for pixels in first {
            // Normalised like an upload: ink whose centre of mass sits in the middle of the frame.
            #expect(pixels.count == DigitImage.pixelCount && pixels.contains { $0 > 0.5 })
            let mass = pixels.reduce(0, +)
            let x = pixels.indices.reduce(Float(0)) { $0 + pixels[$1] * Float($1 % 28) } / mass
            let y = pixels.indices.reduce(Float(0)) { $0 + pixels[$1] * Float($1 / 28) } / mass
            #expect(abs(x - 14) < 1.5 && abs(y - 14) < 1.5, "centre of mass at \(x), \(y)")
        }
    }

    @Test("random canvas styles stay in their ranges and keep the digit on the canvas")
    func canvasStyleRanges() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let style = CanvasStyle.random(using: &generator)
            #expect(CanvasStyle.brushWidths.contains(style.brushWidth))
            #expect(CanvasStyle.spans.contains(style.span))
            let half = style.span / 2
            #expect(style.centre.x - half >= 0 && style.centre.x + half <= 1)
            #expect(style.centre.y - half >= 0 && style.centre.y + half <= 1)
        }
        var a = SeededGenerator(seed: 2), b = SeededGenerator(seed: 2)
        #expect(CanvasStyle.random(using: &a) == CanvasStyle.random(using: &b))
    }

    @Test("scanned digits are normalised once, as uploads are")
    func scansNormalised() {
        let set = TrainingSet(mnist: Self.mnist, scans: Self.scans, mix: TrainingMix(penRenders: 0, scanCopies: 1))
        var generator = SeededGenerator(seed: 1)
        let pixels = set.pixels(of: TrainingSet.Example(source: .scan, index: 0), augmentation: .none, generator: &generator)
        #expect(pixels == DigitNormalizer().normalize(Self.scans[0].image).digit.pixels)
    }

    @Test("the pen validation set draws only the validation writers, in every standard style")
    func penValidationSet() {
        let set = ValidationSet.penWriters(Self.penDigits)
        #expect(set.count == 5 * RenderingVariant.standard.count)
        #expect(set.labels == Array(repeating: HandwritingSplit.validation(Self.penDigits).map(\.label), count: 4).flatMap { $0 })
        #expect(set.name == ValidationSet.penName)
    }

    @Test("recipes written before the mix existed read as MNIST only")
    func oldRecipes() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingRecipe(epochs: 2))) as! [String: Any]
        json.removeValue(forKey: "mix")
        let recipe = try JSONDecoder().decode(TrainingRecipe.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(recipe.mix == .mnistOnly && recipe.epochs == 2)
    }

    @Test("a data source records the file's sha256 and refuses a missing file")
    func dataSource() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("digits.jsonl")
        try Data("abc".utf8).write(to: file)
        let source = try DataSource(name: "test", url: file, digits: 1)
        #expect(source.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(throws: DatasetLoadingError.self) { try DataSource(name: "missing", url: folder.appendingPathComponent("none"), digits: 0) }
    }
}
