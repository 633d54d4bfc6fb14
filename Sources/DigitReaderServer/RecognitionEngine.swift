import DigitReaderCore

/// Reads digits for the HTTP routes: decode (or draw strokes), normalise, run the model(s),
/// apply the threshold.
///
/// All of it runs on the `WorkerPool`, never on an event loop, and a request's upload is decoded
/// and normalised once however many models look at it (`compare`).
public struct RecognitionEngine: Sendable {
    /// The models the server offers now; a reload replaces them between requests.
    public let models: LiveModels
    /// Every model the server offers now.
    public var registry: RecognizerRegistry { models.current.registry }
    /// Decodes uploads with the configured pixel budget.
    public let decoder: ImageDecoder
    /// Turns pictures into MNIST-style 28 x 28 digits.
    public let normalizer: DigitNormalizer
    /// Reads whole numbers, normalising each digit with `normalizer`; `read` gives it the
    /// verifier of the generation it reads with.
    private let reader: NumberReader
    /// Where the CPU work runs.
    public let pool: WorkerPool
    /// Counts answers by model and digit, model time, and refused work.
    public let metrics: ServerMetrics

    public init(
        registry: RecognizerRegistry, decoder: ImageDecoder = ImageDecoder(), normalizer: DigitNormalizer = DigitNormalizer(), pool: WorkerPool,
        metrics: ServerMetrics = ServerMetrics(), verifier: WholeDigitVerifier? = nil
    ) {
        self.init(
            models: LiveModels(ModelGeneration(registry: registry, verifier: verifier)), decoder: decoder, normalizer: normalizer, pool: pool,
            metrics: metrics)
    }

    public init(
        models: LiveModels, decoder: ImageDecoder = ImageDecoder(), normalizer: DigitNormalizer = DigitNormalizer(), pool: WorkerPool,
        metrics: ServerMetrics = ServerMetrics()
    ) {
        self.models = models
        self.decoder = decoder
        self.normalizer = normalizer
        var reader = NumberReader()
        reader.normalizer = normalizer
        self.reader = reader
        self.pool = pool
        self.metrics = metrics
    }

    /// The recognizer for `id` (the default one for `nil`) in `registry` (the models serving
    /// now, unless given), or a 404 listing the valid ids.
    public func recognizer(_ id: String?, in registry: RecognizerRegistry? = nil) throws(APIError) -> any Recognizer {
        let registry = registry ?? self.registry
        guard let id else { return registry.defaultRecognizer }
        do {
            return try registry.recognizer(id: id)
        } catch {
            throw .unknownModel(id, known: registry.ids)
        }
    }

    /// One model's prediction for `upload`.
    public func predict(_ upload: Upload, options: PredictionOptions) async throws(APIError) -> Prediction {
        let recognizer = try recognizer(options.modelID)
        let prediction = try await offload { () throws(APIError) -> Prediction in
            let normalized = try normalize(upload)
            let input = try options.debug ? Self.dataURL(normalized.digit) : nil
            return Self.predict(normalized, with: recognizer, threshold: options.threshold, input: input)
        }
        metrics.record(prediction)
        return prediction
    }

    /// Every model's prediction for `upload`, decoded and normalised once.
    public func compare(_ upload: Upload, options: PredictionOptions) async throws(APIError) -> Comparison {
        try await assess(upload, options: options, registry: registry).comparison
    }

    /// Every model of `registry` on `upload`, with the normalised input they saw.
    public func assess(_ upload: Upload, options: PredictionOptions, registry: RecognizerRegistry) async throws(APIError) -> (input: NormalizedDigit, comparison: Comparison) {
        let (members, ensemble) = (registry.members, registry.ensemble)
        let assessed = try await offload { () throws(APIError) -> (input: NormalizedDigit, comparison: Comparison) in
            let normalized = try normalize(upload)
            let input = try options.debug ? Self.dataURL(normalized.digit) : nil
            var results = members.map { Self.predict(normalized, with: $0, threshold: options.threshold, input: input) }
            if let ensemble {
                if normalized.isEmpty {
                    results.append(.empty(model: ensemble.id, input: input))
                } else {
                    let combined = Self.combine(ensemble, from: results)
                    results.append(Prediction(
                        model: ensemble.id, probabilities: combined.probabilities, threshold: options.threshold,
                        elapsedMs: combined.elapsedMs, input: input))
                }
            }
            return (normalized, Comparison(results: results, empty: normalized.isEmpty))
        }
        assessed.comparison.results.forEach(metrics.record)
        return assessed
    }

    /// A whole number in `upload`, read by one model of `generation` (the models serving now,
    /// unless given) with its verifier; more than `NumberReader.maxDigits` digits is refused (422).
    public func read(_ upload: Upload, options: PredictionOptions, generation: ModelGeneration? = nil) async throws(APIError) -> NumberAnswer {
        let generation = generation ?? models.current
        let recognizer = try recognizer(options.modelID, in: generation.registry)
        var reader = self.reader
        reader.verifier = generation.verifier
        let answer = try await offload { [reader] () throws(APIError) -> NumberAnswer in
            let clock = ContinuousClock()
            let start = clock.now
            let reading: NumberReading
            switch upload {
            case .image(let bytes):
                let image = try decode(bytes)
                reading = try Self.refusingLong { () throws(NumberReadingError) in try reader.read(image, with: recognizer) }
            case .strokes(let drawing):
                reading = try Self.refusingLong { () throws(NumberReadingError) in try reader.read(drawing, with: recognizer) }
            }
            var inputs: [String]?
            if options.debug {
                inputs = []
                for digit in reading.digits { inputs?.append(try Self.dataURL(digit.normalized.digit)) }
            }
            return NumberAnswer(
                model: recognizer.id, reading: reading, threshold: options.threshold,
                elapsedMs: Self.milliseconds(clock.now - start), inputs: inputs)
        }
        for digit in answer.digits { metrics.prediction(model: answer.model, digit: digit.digit, elapsedMs: nil) }
        return answer
    }

    /// A reading, with a number too long to read answered as the API's 422.
    private static func refusingLong(_ read: () throws(NumberReadingError) -> NumberReading) throws(APIError) -> NumberReading {
        do {
            return try read()
        } catch {
            throw .tooManyDigits(error)
        }
    }

    /// The original app's answer: the default model's most probable digit, even for an empty
    /// drawing (its client always expected a number).
    public func guess(_ upload: Upload) async throws(APIError) -> LegacyGuess {
        let recognizer = registry.defaultRecognizer
        let (guess, elapsed) = try await offload { () throws(APIError) -> (LegacyGuess, Duration) in
            let digit = try normalize(upload).digit
            let clock = ContinuousClock()
            let start = clock.now
            let probabilities = recognizer.probabilities(for: digit)
            return (LegacyGuess(guess: probabilities.argmax), clock.now - start)
        }
        metrics.prediction(model: recognizer.id, digit: guess.guess, elapsedMs: Self.milliseconds(elapsed))
        return guess
    }

    /// Decodes and normalises an image file, or draws and normalises strokes (on the calling
    /// worker thread).
    private func normalize(_ upload: Upload) throws(APIError) -> NormalizedDigit {
        switch upload {
        case .image(let bytes):
            return normalizer.normalize(try decode(bytes))
        case .strokes(let drawing):
            return normalizer.normalize(drawing)
        }
    }

    /// Decodes an image file, reporting failures as the API does.
    private func decode(_ bytes: [UInt8]) throws(APIError) -> RasterImage {
        do {
            return try decoder.decode(bytes)
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
            case .busy(let reason, let retryAfter):
                metrics.rejected(reason.rawValue)
                throw .busy(retryAfter: retryAfter)
            case .shutDown:
                metrics.rejected(APIError.shuttingDown.code)
                throw .shuttingDown
            }
        }
        return try result.get()
    }

    /// The answer of `recognizer` for a normalised digit; see `Prediction` for the empty rule.
    static func predict(_ normalized: NormalizedDigit, with recognizer: any Recognizer, threshold: Float, input: String?) -> Prediction {
        guard !normalized.isEmpty else { return .empty(model: recognizer.id, input: input) }
        let clock = ContinuousClock()
        let start = clock.now
        let probabilities = recognizer.probabilities(for: normalized.digit)
        let elapsed = clock.now - start
        return Prediction(model: recognizer.id, probabilities: probabilities, threshold: threshold, elapsedMs: milliseconds(elapsed), input: input)
    }

    /// The ensemble's answer from its members' answers (`results`, one per member in order), so
    /// `compare` does not run every member twice; the numbers are exactly what
    /// `predict?model=ensemble` gives. `elapsedMs` is the members' inference time plus the
    /// combining, what asking the ensemble alone costs.
    static func combine(_ ensemble: EnsembleRecognizer, from results: [Prediction]) -> (probabilities: [Float], elapsedMs: Double) {
        let answers = results.map { [$0.probabilities] }
        let membersMs = results.reduce(0) { $0 + $1.elapsedMs }
        let clock = ContinuousClock()
        let start = clock.now
        let probabilities = ensemble.combine(answers)[0]
        return (probabilities, membersMs + milliseconds(clock.now - start))
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
