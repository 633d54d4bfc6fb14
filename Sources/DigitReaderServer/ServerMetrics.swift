import CoreMetrics
import DigitReaderCore
import Hummingbird
import Prometheus

/// The server's Prometheus metrics, recorded through swift-metrics into a registry of the
/// application's own.
///
/// Each application gets its own `PrometheusCollectorRegistry` and a metrics factory over it,
/// passed to every metric, instead of bootstrapping swift-metrics' global `MetricsSystem`
/// (which can be done once per process): tests build many applications in one process, and
/// each `GET /metrics` reports only its own server.
///
/// Labels never carry client input: `route` is a route template (`Route.api`'s paths, the web
/// page's `/**`, or `unmatched`), `model` an id the registry knows, `digit` 0-9 or `none`,
/// a correction's `label` 0-9 or `number`, so a scan of random URLs or model names adds no series.
public struct ServerMetrics: Sendable {
    /// Where every metric lives; `GET /metrics` writes it out.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// The metric names, each in one place.
    enum Name {
        static let requests = "digit_reader_http_requests_total"
        static let requestDuration = "digit_reader_http_request_duration_seconds"
        static let predictions = "digit_reader_predictions_total"
        static let modelDuration = "digit_reader_model_duration_seconds"
        static let queueDepth = "digit_reader_queue_depth"
        static let rejected = "digit_reader_rejected_total"
        static let corrections = "digit_reader_corrections_total"
    }

    /// The `route` label of requests no route matched.
    static let unmatchedRoute = "unmatched"
    /// The `reason` label of connections closed for not sending their request in time.
    static let readTimeoutReason = "read_timeout"

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Requests take from well under a millisecond (health, a small PNG) to the queue limit
        // and the read timeout; a model takes tens of microseconds to a few milliseconds.
        factory.durationHistogramBuckets = [
            Name.requestDuration: [
                .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5),
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                .milliseconds(500), .seconds(1), .microseconds(2_500_000), .seconds(5), .seconds(10),
            ],
            Name.modelDuration: [
                .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
                .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
                .milliseconds(25), .milliseconds(100),
            ],
        ]
        self.factory = factory
        // Present from the start, so a scraper sees zero rather than nothing before any load.
        CoreMetrics.Gauge(label: Name.queueDepth, factory: factory).record(0)
    }

    /// One answered request: its route template, method, status and time to answer.
    func request(route: String, method: String, status: Int, duration: Duration) {
        CoreMetrics.Counter(
            label: Name.requests, dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
        CoreMetrics.Timer(label: Name.requestDuration, dimensions: [("route", route)], factory: factory)
            .recordMilliseconds(RecognitionEngine.milliseconds(duration))
    }

    /// One model's answer: `digit` (`nil` when it named none) and the model's own time in
    /// milliseconds (`nil` when it did not run, as for an empty drawing).
    func prediction(model: String, digit: Int?, elapsedMs: Double?) {
        CoreMetrics.Counter(
            label: Name.predictions, dimensions: [("model", model), ("digit", digit.map(String.init) ?? "none")],
            factory: factory
        ).increment()
        if let elapsedMs {
            CoreMetrics.Timer(label: Name.modelDuration, dimensions: [("model", model)], factory: factory).recordMilliseconds(elapsedMs)
        }
    }

    /// One answer of a prediction or comparison.
    func record(_ prediction: Prediction) {
        self.prediction(model: prediction.model, digit: prediction.digit, elapsedMs: prediction.empty ? nil : prediction.elapsedMs)
    }

    /// Work or a connection refused, by why: the worker pool's reasons, `shutting_down`,
    /// `read_timeout`.
    func rejected(_ reason: String) {
        CoreMetrics.Counter(label: Name.rejected, dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// One correction acknowledged (`POST /api/feedback`), by its label: the digit, or `number`
    /// for a whole number (numbers are unbounded, digits are not).
    func correction(label: String) {
        CoreMetrics.Counter(
            label: Name.corrections, dimensions: [("label", label.count == 1 ? label : "number")], factory: factory
        ).increment()
    }

    /// Recognitions waiting for a worker now.
    func queueDepth(_ depth: Int) {
        CoreMetrics.Gauge(label: Name.queueDepth, factory: factory).record(depth)
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
