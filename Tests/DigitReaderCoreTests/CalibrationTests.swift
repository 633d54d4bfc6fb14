import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Temperature calibration")
struct CalibrationTests {
    /// Labels drawn from softmax(z) for Gaussian logits z: z itself is calibrated.
    static func calibratedSample(count: Int, seed: UInt64) -> (logits: [[Float]], labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        var logits: [[Float]] = []
        var labels: [Int] = []
        for _ in 0..<count {
            let z = (0..<10).map { _ in 2 * generator.nextGaussian() }
            let weights = z.map { exp($0 - z.max()!) }
            var pick = generator.nextUniform() * weights.reduce(0, +)
            var label = 9
            for (index, weight) in weights.enumerated() {
                pick -= weight
                if pick <= 0 { label = index; break }
            }
            logits.append(z)
            labels.append(label)
        }
        return (logits, labels)
    }

    @Test("finds the temperature that undoes over- and under-confidence", arguments: [Float(0.5), 1, 3])
    func recoversScale(scale: Float) {
        let (logits, labels) = Self.calibratedSample(count: 4000, seed: 9)
        let scaled = logits.map { $0.map { $0 * scale } }
        let temperature = TemperatureCalibration.fit(logits: scaled, labels: labels)
        #expect(abs(temperature / scale - 1) < 0.12, "fitted \(temperature) for logits scaled by \(scale)")
        let fitted = TemperatureCalibration.negativeLogLikelihood(logits: scaled, labels: labels, temperature: Double(temperature))
        for other in [0.7, 1.4] {
            let worse = TemperatureCalibration.negativeLogLikelihood(logits: scaled, labels: labels, temperature: Double(temperature) * other)
            #expect(fitted < worse)
        }
    }

    @Test("a card's temperature softens the probabilities and keeps the chosen digit")
    func recognizerUsesTemperature() {
        let network = NetworkTests.smallCNN(seed: 3)
        let card = ModelCard(
            id: "small", name: "Small", architecture: network.architecture, parameters: network.parameterCount,
            recipe: TrainingRecipe(epochs: 1), seed: 3, trainingSeconds: 0, accuracy: [:], validationAccuracy: 0,
            mnistSHA256: [:], trainedAt: "", temperature: 2)
        let plain = NetworkRecognizer(id: "small", name: "Small", summary: "", network: network, card: nil)
        let calibrated = NetworkRecognizer(id: "small", name: "Small", summary: "", network: network, card: card)
        let digit = DigitImage(pixels: (0..<784).map { Float(($0 * 37) % 101) / 100 })
        let p = plain.probabilities(for: digit)
        let q = calibrated.probabilities(for: digit)
        // softmax(z / 2) is proportional to the square root of softmax(z).
        let roots = p.map { $0.squareRoot() }
        let expected = roots.map { $0 / roots.reduce(0, +) }
        for (actual, wanted) in zip(q, expected) { #expect(abs(actual - wanted) < 1e-5) }
        #expect(q.argmax == p.argmax)
        #expect(q.max()! < p.max()!)
    }
}
