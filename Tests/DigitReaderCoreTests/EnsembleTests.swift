import DigitReaderCore
import DigitReaderTraining
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
        #expect(ensemble.id == EnsembleRecognizer.reservedID)
    }

    @Test("the weighted method is a geometric mean with the fitted exponents")
    func weighted() {
        let settings = EnsembleSettings(method: .weighted, weights: ["a": 0.5, "b": 0.5])
        let p = EnsembleRecognizer(members: [Self.a, Self.b], settings: settings).probabilities(for: .blank)
        // √(0.7·0.1) : √(0.3·0.9), renormalised; the zero classes stay (almost) zero.
        let (x, y) = ((0.7 * 0.1).squareRoot(), (0.3 * 0.9).squareRoot())
        #expect(abs(Double(p[0]) - x / (x + y)) < 1e-4 && abs(Double(p[1]) - y / (x + y)) < 1e-4)
        #expect(abs(p.reduce(0, +) - 1) < 1e-5)
        let onlyA = EnsembleSettings(method: .weighted, weights: ["a": 1])
        let q = EnsembleRecognizer(members: [Self.a, Self.b], settings: onlyA).probabilities(for: .blank)
        #expect(abs(q[0] - 0.7) < 1e-4 && abs(q[1] - 0.3) < 1e-4)
    }

    @Test("combining given answers is the same as asking the members")
    func combineGivenAnswers() {
        let settings = EnsembleSettings(method: .weighted, weights: ["a": 0.3, "b": 1.2])
        let ensemble = EnsembleRecognizer(members: [Self.a, Self.b], settings: settings)
        let digits = [DigitImage.blank, .blank]
        let combined = ensemble.combine([Self.a.probabilities(for: digits), Self.b.probabilities(for: digits)])
        #expect(combined.count == 2)
        #expect(combined == ensemble.probabilities(for: digits))
    }

    /// Labels, and members that each get a different third of them wrong: any two outvote the
    /// third, so the combination reads every digit while each member misses a third.
    static func complementaryMembers(count: Int, seed: UInt64) -> (labels: [Int], answers: [String: [[Float]]]) {
        var generator = SeededGenerator(seed: seed)
        let labels = (0..<count).map { _ in Int(generator.next() % 10) }
        func answers(wrongWhen remainder: Int, confidence: Float) -> [[Float]] {
            labels.enumerated().map { index, label in
                let said = index % 3 == remainder ? (label + 1) % 10 : label
                return (0..<10).map { $0 == said ? confidence : (1 - confidence) / 9 }
            }
        }
        return (labels, ["x": answers(wrongWhen: 0, confidence: 0.8), "y": answers(wrongWhen: 1, confidence: 0.7), "z": answers(wrongWhen: 2, confidence: 0.75)])
    }

    @Test("fitting on two validation sets gives an ensemble that beats its best member on both")
    func fittingBeatsBestMember() throws {
        let first = Self.complementaryMembers(count: 300, seed: 1)
        let second = Self.complementaryMembers(count: 200, seed: 2)
        let sets = [
            EnsembleFitter.ValidationSetAnswers(name: "first", labels: first.labels, answers: first.answers),
            EnsembleFitter.ValidationSetAnswers(name: "second", labels: second.labels, answers: second.answers),
        ]
        let settings = EnsembleFitter.fit(members: ["x", "y", "z"], sets: sets)
        #expect(settings.weights.values.allSatisfy { $0 > 0 })
        for name in ["first", "second"] {
            let figures = try #require(settings.validation[name])
            #expect(figures[EnsembleRecognizer.reservedID] == 1)
            for member in ["x", "y", "z"] { #expect(abs(figures[member]! - 2.0 / 3) < 0.01) }
        }
        try EnsembleFitter.check(settings)
    }

    @Test("a member that adds nothing gets no weight, so requests skip its forward pass")
    func fittingDropsAMemberThatAddsNothing() {
        let members = Self.complementaryMembers(count: 300, seed: 3)
        var answers = members.answers
        answers["copy"] = answers["x"]
        let set = EnsembleFitter.ValidationSetAnswers(name: "v", labels: members.labels, answers: answers)
        let settings = EnsembleFitter.fit(members: ["x", "y", "z", "copy"], sets: [set])
        #expect(settings.validation["v"]?[EnsembleRecognizer.reservedID] == 1)
        // x and its copy are interchangeable: one of them carries the vote, the other none.
        #expect(settings.weights.values.filter { $0 > 0 }.count == 3)
        #expect(settings.weights["x"]! == 0 || settings.weights["copy"]! == 0)
        #expect(settings.weights["y"]! > 0 && settings.weights["z"]! > 0)
    }

    @Test("fitting gives more weight to the member that is right")
    func fittingWeighsTheBetterMember() {
        var generator = SeededGenerator(seed: 1)
        let labels = (0..<400).map { _ in Int(generator.next() % 10) }
        func oneHotish(_ label: Int, confidence: Float) -> [Float] {
            (0..<10).map { $0 == label ? confidence : (1 - confidence) / 9 }
        }
        let good = labels.map { oneHotish($0, confidence: 0.9) }
        let noisy = labels.enumerated().map { index, label in oneHotish(index % 3 == 0 ? (label + 1) % 10 : label, confidence: 0.6) }
        let set = EnsembleFitter.ValidationSetAnswers(name: "v", labels: labels, answers: ["good": good, "noisy": noisy])
        let settings = EnsembleFitter.fit(members: ["good", "noisy"], sets: [set])
        #expect(settings.weights["good"]! > settings.weights["noisy"]!)
        #expect(settings.weights.values.allSatisfy { $0 >= 0 })
    }

    @Test("the check refuses an ensemble that only matches its best member on one set")
    func checkRefusesNoGain() throws {
        var generator = SeededGenerator(seed: 2)
        let labels = (0..<300).map { _ in Int(generator.next() % 10) }
        let perfect = labels.map { label in (0..<10).map { $0 == label ? Float(0.99) : 0.01 / 9 } }
        let wrong = labels.map { label in (0..<10).map { $0 == (label + 1) % 10 ? Float(0.9) : 0.1 / 9 } }
        let set = EnsembleFitter.ValidationSetAnswers(name: "pen", labels: labels, answers: ["perfect": perfect, "wrong": wrong])
        let settings = EnsembleFitter.fit(members: ["perfect", "wrong"], sets: [set])
        #expect(settings.validation["pen"]?["perfect"] == 1)
        #expect(throws: EnsembleFitError.doesNotBeatBestMember(set: "pen", ensemble: settings.validation["pen"]![EnsembleRecognizer.reservedID]!, member: "perfect", memberAccuracy: 1)) {
            try EnsembleFitter.check(settings)
        }
        #expect(throws: EnsembleFitError.noValidation) { try EnsembleFitter.check(EnsembleSettings.unfitted) }
    }

    @Test("a member missing from the fitted weights gets none")
    func missingWeight() {
        let settings = EnsembleSettings(method: .weighted, weights: ["b": 1])
        let ensemble = EnsembleRecognizer(members: [Self.a, Self.b], settings: settings)
        #expect(ensemble.weights == [0, 1])
        #expect(ensemble.parameterCount == Self.b.parameterCount)
        #expect(ensemble.probabilities(for: .blank).map { ($0 * 1e4).rounded() } == Self.b.answer.map { ($0 * 1e4).rounded() })
    }
}
