import DigitReaderCore

/// Held-out digits that training measures itself on: for early stopping, calibration and
/// fitting the ensemble. Never trained on.
public struct ValidationSet: Sendable {
    /// Short name used in reports and model cards, e.g. `mnist` or `pen-writers-26-30`.
    public let name: String
    public let images: [DigitImage]
    public let labels: [Int]

    public init(name: String, images: [DigitImage], labels: [Int]) {
        precondition(images.count == labels.count, "a validation set needs one label per image")
        self.name = name
        self.images = images
        self.labels = labels
    }

    /// The name of the MNIST validation split.
    public static let mnistName = "mnist"
    /// The name of the pen validation writers' set.
    public static let penName = "pen-writers-\(HandwritingSplit.penValidationWriters.lowerBound)-\(HandwritingSplit.penValidationWriters.upperBound)"
    /// The name of the scanned validation digits' set.
    public static let scanName = "optdigits-cv-wdep"

    /// MNIST digits as they are.
    public init(name: String = mnistName, _ dataset: MNISTDataset) {
        self.init(name: name, images: (0..<dataset.count).map(dataset.image), labels: dataset.labels)
    }

    public var count: Int { labels.count }

    /// `recognizer`'s probabilities for every digit, asked in batches to bound memory.
    public func answers(of recognizer: any Recognizer, batchSize: Int = 500) -> [[Float]] {
        var answers: [[Float]] = []
        answers.reserveCapacity(count)
        for start in stride(from: 0, to: count, by: batchSize) {
            answers += recognizer.probabilities(for: Array(images[start..<min(start + batchSize, count)]))
        }
        return answers
    }

    /// Fraction of the digits `recognizer` reads right.
    public func accuracy(of recognizer: any Recognizer) -> Double {
        guard count > 0 else { return 0 }
        return Double(zip(answers(of: recognizer), labels).filter { $0.argmax == $1 }.count) / Double(count)
    }

    /// What temperatures are fitted on: the MNIST and pen validation digits among `sets`,
    /// together (scanned digits are kept for measuring).
    public static func calibration(from sets: [ValidationSet]) -> ValidationSet {
        joined(sets.filter { $0.name == mnistName || $0.name == penName }, name: "calibration")
    }

    /// The sets one after the other, as one set named `name`.
    public static func joined(_ sets: [ValidationSet], name: String) -> ValidationSet {
        ValidationSet(name: name, images: sets.flatMap(\.images), labels: sets.flatMap(\.labels))
    }
}

extension ValidationSet {
    /// The validation writers' pen digits, each drawn in every standard canvas style and
    /// normalised as an upload is.
    public static func penWriters(_ digits: [PenDigit], styles: [RenderingVariant] = RenderingVariant.standard) -> ValidationSet {
        let held = HandwritingSplit.validation(digits)
        let normalizer = DigitNormalizer()
        var images: [DigitImage] = []
        var labels: [Int] = []
        for style in styles {
            let renderer = style.renderer()
            for digit in held {
                images.append(normalizer.normalize(renderer.render(digit.strokes)).digit)
                labels.append(digit.label)
            }
        }
        return ValidationSet(name: penName, images: images, labels: labels)
    }

    /// The scanned validation digits (optdigits `cv` and `wdep`), normalised as an upload is.
    public static func scans(_ digits: [OptDigit]) -> ValidationSet {
        let held = HandwritingSplit.validation(digits)
        let normalizer = DigitNormalizer()
        return ValidationSet(name: scanName, images: held.map { normalizer.normalize($0.image).digit }, labels: held.map(\.label))
    }
}
