import DigitReaderCore
import Testing

@Suite("Ensemble")
struct EnsembleTests {
    static let a = FixedRecognizer(id: "a", answer: [0.7, 0.3, 0, 0, 0, 0, 0, 0, 0, 0])
    static let b = FixedRecognizer(id: "b", answer: [0.1, 0.9, 0, 0, 0, 0, 0, 0, 0, 0])

    @Test("the mean averages the members' probabilities")
    func mean() {
        let ensemble = EnsembleRecognizer(members: [Self.a, Self.b], settings: .unfitted)
        let p = ensemble.probabilities(for: .blank)
        #expect(abs(p[0] - 0.4) < 1e-6 && abs(p[1] - 0.6) < 1e-6)
        #expect(abs(p.reduce(0, +) - 1) < 1e-6)
        #expect(ensemble.id == "ensemble")
    }

    @Test("the weighted method is a geometric mean with the fitted exponents")
    func weighted() {
        let settings = EnsembleSettings(method: .weighted, weights: ["a": 0.5, "b": 0.5], validationAccuracy: [:], accuracy: [:])
        let p = EnsembleRecognizer(members: [Self.a, Self.b], settings: settings).probabilities(for: .blank)
        // √(0.7·0.1) : √(0.3·0.9), renormalised; the zero classes stay (almost) zero.
        let (x, y) = ((0.7 * 0.1).squareRoot(), (0.3 * 0.9).squareRoot())
        #expect(abs(Double(p[0]) - x / (x + y)) < 1e-4 && abs(Double(p[1]) - y / (x + y)) < 1e-4)
        #expect(abs(p.reduce(0, +) - 1) < 1e-5)
        let onlyA = EnsembleSettings(method: .weighted, weights: ["a": 1], validationAccuracy: [:], accuracy: [:])
        let q = EnsembleRecognizer(members: [Self.a, Self.b], settings: onlyA).probabilities(for: .blank)
        #expect(abs(q[0] - 0.7) < 1e-4 && abs(q[1] - 0.3) < 1e-4)
    }

    @Test("fitting gives more weight to the member that is right")
    func fitting() {
        var generator = SeededGenerator(seed: 1)
        let labels = (0..<400).map { _ in Int(generator.next() % 10) }
        func oneHotish(_ label: Int, confidence: Float) -> [Float] {
            (0..<10).map { $0 == label ? confidence : (1 - confidence) / 9 }
        }
        let good = labels.map { oneHotish($0, confidence: 0.9) }
        let noisy = labels.enumerated().map { index, label in oneHotish(index % 3 == 0 ? (label + 1) % 10 : label, confidence: 0.6) }
        let settings = EnsembleFitter.fit(predictions: ["good": good, "noisy": noisy], labels: labels)
        #expect(settings.weights["good"]! > settings.weights["noisy"]!)
        #expect(settings.weights.values.allSatisfy { $0 >= 0 })
        #expect(settings.validationAccuracy["weighted"]! >= settings.validationAccuracy["mean"]!)
    }

    @Test("the best method follows one member, and falls back to the mean when it is missing")
    func bestMember() {
        let settings = EnsembleSettings(method: .best, weights: [:], validationAccuracy: [:], accuracy: [:], bestMember: "b")
        let digit = DigitImage.blank
        let follows = EnsembleRecognizer(members: [Self.a, Self.b], settings: settings)
        #expect(follows.probabilities(for: digit) == Self.b.probabilities(for: digit))
        #expect(follows.parameterCount == Self.b.parameterCount)
        let missing = EnsembleRecognizer(members: [Self.a], settings: settings)
        #expect(missing.method == .mean)
        #expect(missing.probabilities(for: digit) == Self.a.probabilities(for: digit))
    }

    @Test("fitting keeps the best member alone when combining does not read the validation digits better")
    func fittingPrefersTheBestMemberOnTies() {
        var generator = SeededGenerator(seed: 2)
        let labels = (0..<300).map { _ in Int(generator.next() % 10) }
        let perfect = labels.map { label in (0..<10).map { $0 == label ? Float(0.99) : 0.01 / 9 } }
        let wrong = labels.map { label in (0..<10).map { $0 == (label + 1) % 10 ? Float(0.9) : 0.1 / 9 } }
        let settings = EnsembleFitter.fit(predictions: ["perfect": perfect, "wrong": wrong], labels: labels)
        #expect(settings.method == .best)
        #expect(settings.bestMember == "perfect")
        #expect(settings.validationAccuracy["best"] == 1)
    }
}
