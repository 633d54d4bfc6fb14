import DigitReaderCore

/// What one training run learns from: MNIST, plus pen digits drawn on a canvas and scanned
/// digits, each taken through `DigitNormalizer` exactly as an upload is, and for fine-tuning the
/// corrections people sent (already normalised inputs).
///
/// Only the writers and parts `HandwritingSplit` allows are kept, whatever the caller passes, so
/// validation handwriting cannot reach training by mistake.
public struct TrainingSet: Sendable {
    /// Where one training example comes from.
    public enum Source: Sendable, Equatable {
        case mnist, pen, scan, correction
    }

    /// One example of an epoch: its source and its index there.
    public struct Example: Sendable, Equatable {
        public let source: Source
        public let index: Int

        public init(source: Source, index: Int) {
            self.source = source
            self.index = index
        }
    }

    public let mnist: MNISTDataset
    /// Pen digits by the training writers.
    public let pen: [PenDigit]
    /// Scanned training digits, normalised once (they never change between epochs).
    public let scans: [DigitImage]
    public let scanLabels: [Int]
    /// Corrections: the 28 x 28 inputs the models saw, with the label the person gave.
    public let corrections: [DigitImage]
    public let correctionLabels: [Int]
    /// Times each correction is shown per epoch (a few hundred corrections beside tens of
    /// thousands of MNIST digits would otherwise barely move the weights).
    public let correctionCopies: Int
    public let mix: TrainingMix
    private let normalizer = DigitNormalizer()

    /// - Parameters:
    ///   - pen: pen digits; those of validation writers are dropped.
    ///   - scans: scanned digits; those of validation parts are dropped.
    ///   - corrections: normalised inputs and their right labels, shown `correctionCopies` times.
    public init(
        mnist: MNISTDataset, pen: [PenDigit] = [], scans: [OptDigit] = [], mix: TrainingMix = .mnistOnly,
        corrections: [(image: DigitImage, label: Int)] = [], correctionCopies: Int = 1
    ) {
        self.mnist = mnist
        self.pen = mix.penRenders > 0 ? HandwritingSplit.training(pen) : []
        let scans = mix.scanCopies > 0 ? HandwritingSplit.training(scans) : []
        let normalizer = normalizer
        self.scans = scans.map { normalizer.normalize($0.image).digit }
        self.scanLabels = scans.map(\.label)
        self.corrections = corrections.map(\.image)
        self.correctionLabels = corrections.map(\.label)
        self.correctionCopies = max(0, correctionCopies)
        self.mix = mix
    }

    /// Inputs already normalised, each shown once per epoch as it is: what a network other than
    /// a recognizer learns from (`WholeDigitVerifier`).
    public init(inputs: [(image: DigitImage, label: Int)]) {
        self.init(mnist: MNISTDataset(pixels: [], labels: []), corrections: inputs)
    }

    /// Examples per epoch.
    public var countPerEpoch: Int {
        mnist.count + pen.count * mix.penRenders + scans.count * mix.scanCopies + corrections.count * correctionCopies
    }

    /// One epoch's examples in a random order.
    public func epoch(using generator: inout SeededGenerator) -> [Example] {
        var examples = (0..<mnist.count).map { Example(source: .mnist, index: $0) }
        examples.reserveCapacity(countPerEpoch)
        for _ in 0..<mix.penRenders { examples += pen.indices.map { Example(source: .pen, index: $0) } }
        for _ in 0..<mix.scanCopies { examples += scans.indices.map { Example(source: .scan, index: $0) } }
        for _ in 0..<correctionCopies { examples += corrections.indices.map { Example(source: .correction, index: $0) } }
        examples.shuffle(using: &generator)
        return examples
    }

    /// The digit an example shows.
    public func label(of example: Example) -> Int {
        switch example.source {
        case .mnist: mnist.labels[example.index]
        case .pen: pen[example.index].label
        case .scan: scanLabels[example.index]
        case .correction: correctionLabels[example.index]
        }
    }

    /// The model input for an example. MNIST digits get `augmentation`; a pen digit gets its
    /// stroke gaps, is drawn in a new random `CanvasStyle` and normalised; scans and corrections
    /// are used as they are.
    public func pixels(of example: Example, augmentation: Augmentation, generator: inout SeededGenerator) -> [Float] {
        switch example.source {
        case .mnist:
            return augmentation.apply(to: mnist.image(example.index).pixels, label: mnist.labels[example.index], generator: &generator)
        case .pen:
            let strokes = augmentation.apply(toStrokes: pen[example.index].strokes, generator: &generator)
            let canvas = CanvasStyle.random(using: &generator).render(strokes)
            return normalizer.normalize(canvas).digit.pixels
        case .scan:
            return scans[example.index].pixels
        case .correction:
            return corrections[example.index].pixels
        }
    }
}
