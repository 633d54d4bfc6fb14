import DigitReaderCore

/// Times the request path from uploaded bytes to the 28 x 28 digit, so the CLI can report it
/// on any machine (the budget is a median well under a millisecond for a 280 px canvas PNG).
public struct PreprocessingBenchmark: Sendable {
    /// Median wall-clock times over the measured iterations.
    public struct Result: Sendable, Equatable, CustomStringConvertible {
        /// Median time to decode the image.
        public let decode: Duration
        /// Median time to normalise the decoded image.
        public let normalize: Duration
        /// Median time of decode and normalise together (measured per iteration, not summed).
        public let total: Duration
        /// Number of timed iterations.
        public let iterations: Int

        public var description: String {
            func microseconds(_ duration: Duration) -> String {
                let value = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
                return String(Int(value.rounded())) + " µs"
            }
            return "decode \(microseconds(decode)), normalise \(microseconds(normalize)), total \(microseconds(total)) (median of \(iterations))"
        }
    }

    /// The decoder under test.
    public var decoder: ImageDecoder
    /// The normaliser under test.
    public var normalizer: DigitNormalizer

    /// A benchmark of the given decoder and normaliser (defaults: the server's).
    public init(decoder: ImageDecoder = ImageDecoder(), normalizer: DigitNormalizer = DigitNormalizer()) {
        self.decoder = decoder
        self.normalizer = normalizer
    }

    /// Decodes and normalises `bytes` `iterations` times (after a short warm-up) and reports medians.
    public func run(_ bytes: [UInt8], iterations: Int = 1000) throws(ImageDecodingError) -> Result {
        let clock = ContinuousClock()
        var decodeTimes: [Duration] = []
        var normalizeTimes: [Duration] = []
        var totalTimes: [Duration] = []
        let count = max(1, iterations)
        for round in 0..<(count + min(50, count)) {
            let start = clock.now
            let image = try decoder.decode(bytes)
            let decoded = clock.now
            let digit = normalizer.normalize(image)
            let end = clock.now
            guard round >= min(50, count) else { continue }
            precondition(digit.digit.pixels.count == DigitImage.pixelCount)
            decodeTimes.append(decoded - start)
            normalizeTimes.append(end - decoded)
            totalTimes.append(end - start)
        }
        func median(_ times: [Duration]) -> Duration { times.sorted()[times.count / 2] }
        return Result(decode: median(decodeTimes), normalize: median(normalizeTimes), total: median(totalTimes), iterations: count)
    }
}
