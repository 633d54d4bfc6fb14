import DigitReaderCore
import DigitReaderTraining
import Testing

@Suite("Distance transform")
struct DistanceTransformTests {
    /// Squared distance to the nearest feature by checking every feature (nil when there is none).
    static func bruteForce(width: Int, height: Int, features: [Bool]) -> [Float?] {
        (0..<(width * height)).map { index in
            var best: Int?
            for feature in features.indices where features[feature] {
                let dx = index % width - feature % width, dy = index / width - feature / width
                best = min(best ?? .max, dx * dx + dy * dy)
            }
            return best.map(Float.init)
        }
    }

    static func randomFeatures(width: Int, height: Int, density: Double, seed: UInt64) -> [Bool] {
        var generator = SeededGenerator(seed: seed)
        return (0..<(width * height)).map { _ in Double.random(in: 0..<1, using: &generator) < density }
    }

    @Test("matches a brute-force search on random pictures", arguments: [
        (17, 11, 0.02), (1, 9, 0.2), (9, 1, 0.2), (24, 24, 0.3), (30, 7, 0.0), (6, 5, 1.0),
    ])
    func exact(width: Int, height: Int, density: Double) {
        let features = Self.randomFeatures(width: width, height: height, density: density, seed: UInt64(width * 100 + height))
        let expected = Self.bruteForce(width: width, height: height, features: features)
        let squared = DistanceTransform.squaredDistances(width: width, height: height, features: features)
        let far = Float(width * width + height * height)
        #expect(squared.count == expected.count, "one distance per pixel")
        for (value, truth) in zip(squared, expected) {
            if let truth {
                #expect(value == truth)
            } else {
                #expect(value > far, "pixels with no feature anywhere must be farther than any real distance")
            }
        }
    }

    @Test("a limit keeps every distance up to it exact and reports the others as beyond it", arguments: [1.0, 4.0, 10.5, 40.0])
    func limited(limit: Float) {
        let width = 40, height = 30
        let features = Self.randomFeatures(width: width, height: height, density: 0.015, seed: 7)
        let expected = Self.bruteForce(width: width, height: height, features: features)
        let squared = DistanceTransform.squaredDistances(width: width, height: height, features: features, limit: limit)
        var beyond = 0
        #expect(squared.count == expected.count, "one distance per pixel")
        for (value, truth) in zip(squared, expected) {
            let truth = truth ?? .infinity
            if truth <= limit {
                #expect(value == truth)
            } else {
                #expect(value > limit)
                beyond += 1
            }
        }
        #expect(beyond > 0, "the picture must have pixels beyond the limit for this test to mean anything")
    }
}
