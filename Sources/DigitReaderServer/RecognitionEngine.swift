import DigitReaderCore

/// Reads digits for the HTTP routes: decode, normalise, run the model(s), apply the threshold.
///
/// All of it runs on the `WorkerPool`, never on an event loop, and a request's image is decoded
/// and normalised once however many models look at it (`compare`).
public struct RecognitionEngine: Sendable {
    /// Every model the server offers.
    public let registry: RecognizerRegistry
    /// Decodes uploads with the configured pixel budget.
    public let decoder: ImageDecoder
    /// Turns pictures into MNIST-style 28 x 28 digits.
    public let normalizer: DigitNormalizer
    /// Where the CPU work runs.
    public let pool: WorkerPool

    public init(registry: RecognizerRegistry, decoder: ImageDecoder = ImageDecoder(), normalizer: DigitNormalizer = DigitNormalizer(), pool: WorkerPool) {
        self.registry = registry
        self.decoder = decoder
        self.normalizer = normalizer
        self.pool = pool
    }

    /// The recognizer for `id` (the default one for `nil`), or a 404 listing the valid ids.
    public func recognizer(_ id: String?) throws(APIError) -> any Recognizer {
        guard let id else { return registry.defaultRecognizer }
        do {
            return try registry.recognizer(id: id)
        } catch {
            throw .unknownModel(id, known: registry.ids)
        }
    }

    /// One model's prediction for the image file `bytes`.
    public func predict(_ bytes: [UInt8], options: PredictionOptions) async throws(APIError) -> Prediction {
        let recognizer = try recognizer(options.modelID)
        return try await offload { () throws(APIError) -> Prediction in
            let normalized = try normalize(bytes)
            let input = try options.debug ? Self.dataURL(normalized.digit) : nil
            return Self.predict(normalized, with: recognizer, threshold: options.threshold, input: input)
        }
    }

    /// Every model's prediction for the image file `bytes`, decoded and normalised once.
    public func compare(_ bytes: [UInt8], options: PredictionOptions) async throws(APIError) -> Comparison {
        let recognizers = registry.recognizers
        return try await offload { () throws(APIError) -> Comparison in
            let normalized = try normalize(bytes)
            let input = try options.debug ? Self.dataURL(normalized.digit) : nil
            var results: [Prediction] = []
            for recognizer in recognizers {
                if let ensemble = recognizer as? EnsembleRecognizer, !normalized.isEmpty,
                   let combined = Self.combine(ensemble, for: normalized.digit, from: results) {
                    results.append(Self.prediction(
                        model: ensemble.id, probabilities: combined.probabilities, elapsedMs: combined.elapsedMs,
                        threshold: options.threshold, input: input))
                } else {
                    results.append(Self.predict(normalized, with: recognizer, threshold: options.threshold, input: input))
                }
            }
            return Comparison(results: results, empty: normalized.isEmpty)
        }
    }

    /// The original app's answer: the default model's most probable digit, even for an empty
    /// drawing (its client always expected a number).
    public func guess(_ bytes: [UInt8]) async throws(APIError) -> LegacyGuess {
        let recognizer = registry.defaultRecognizer
        return try await offload { () throws(APIError) -> LegacyGuess in
            let probabilities = recognizer.probabilities(for: try normalize(bytes).digit)
            return LegacyGuess(guess: Self.argmax(probabilities))
        }
    }

    /// Decodes and normalises an image file (on the calling worker thread).
    private func normalize(_ bytes: [UInt8]) throws(APIError) -> NormalizedDigit {
        do {
            return normalizer.normalize(try decoder.decode(bytes))
        } catch {
            throw .image(error)
        }
    }

    /// Runs `work` on the pool, carrying its typed error back.
    private func offload<Value: Sendable>(_ work: @escaping @Sendable () throws(APIError) -> Value) async throws(APIError) -> Value {
        let result: Result<Value, APIError>
        do {
            result = try await pool.run { Result { () throws(APIError) -> Value in try work() } }
        } catch {
            switch error {
            case .busy: throw .busy
            case .shutDown: throw .shuttingDown
            }
        }
        return try result.get()
    }

    /// The answer of `recognizer` for a normalised digit; see `Prediction` for the empty rule.
    static func predict(_ normalized: NormalizedDigit, with recognizer: any Recognizer, threshold: Float, input: String?) -> Prediction {
        guard !normalized.isEmpty else {
            return Prediction(
                model: recognizer.id, digit: nil, confidence: 0.1,
                probabilities: [Float](repeating: 0.1, count: 10), empty: true, elapsedMs: 0, input: input)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let probabilities = recognizer.probabilities(for: normalized.digit)
        let elapsed = clock.now - start
        return prediction(model: recognizer.id, probabilities: probabilities, elapsedMs: milliseconds(elapsed), threshold: threshold, input: input)
    }

    /// A non-empty prediction from ten probabilities: the top one is named if it reaches `threshold`.
    static func prediction(model: String, probabilities: [Float], elapsedMs: Double, threshold: Float, input: String?) -> Prediction {
        let best = argmax(probabilities)
        let confidence = probabilities[best]
        return Prediction(
            model: model, digit: confidence >= threshold ? best : nil, confidence: confidence,
            probabilities: probabilities, empty: false, elapsedMs: elapsedMs, input: input)
    }

    /// The ensemble's answer from its members' answers already in `results`, so `compare` does
    /// not run every member twice. The ensemble itself combines them (through stand-ins that
    /// return the known answers), so the numbers are exactly what `predict?model=ensemble`
    /// gives; `elapsedMs` is the members' inference time plus the combining, what asking the
    /// ensemble alone costs. `nil` when a member is not among `results`.
    static func combine(_ ensemble: EnsembleRecognizer, for digit: DigitImage, from results: [Prediction]) -> (probabilities: [Float], elapsedMs: Double)? {
        var standIns: [any Recognizer] = []
        var membersMs = 0.0
        for member in ensemble.members {
            guard let answer = results.first(where: { $0.model == member.id }) else { return nil }
            standIns.append(PrecomputedRecognizer(member, answer: answer.probabilities))
            membersMs += answer.elapsedMs
        }
        let clock = ContinuousClock()
        let start = clock.now
        let probabilities = EnsembleRecognizer(members: standIns, settings: ensemble.settings).probabilities(for: digit)
        return (probabilities, membersMs + milliseconds(clock.now - start))
    }

    /// Index of the largest value (the first on ties).
    static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// `duration` in milliseconds, rounded to microseconds so answers stay short.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        let microseconds = Double(seconds) * 1_000_000 + Double(attoseconds / 1_000_000_000_000)
        return microseconds / 1000
    }

    /// The digit as a PNG data URL.
    private static func dataURL(_ digit: DigitImage) throws(APIError) -> String {
        do {
            return try digit.pngDataURL()
        } catch {
            throw .internalFailure("The server could not encode the debug image: \(error.description)")
        }
    }
}
