import DigitReaderServer
import DigitReaderStorage
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One sample line of the Prometheus text format: `name{label="value",...} number`.
struct MetricSample: Equatable {
    let name: String
    let labels: [String: String]
    let value: Double

    /// Every sample in `text` (comment lines skipped).
    static func parse(_ text: String) throws -> [MetricSample] {
        try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let (series, value) = try #require(line.lastIndex(of: " ").map { (line[..<$0], line[line.index(after: $0)...]) })
            var labels: [String: String] = [:]
            let name: Substring
            if let open = series.firstIndex(of: "{") {
                name = series[..<open]
                let body = series[series.index(after: open)..<series.index(before: series.endIndex)]
                for pair in body.split(separator: ",") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    labels[String(parts[0])] = String(parts[1].dropFirst().dropLast())
                }
            } else {
                name = series
            }
            return MetricSample(name: String(name), labels: labels, value: try #require(Double(value)))
        }
    }
}

/// `GET /metrics`: what was counted, by route template, model and digit.
@Suite struct MetricsTests {
    /// The samples named `name` whose labels include `labels`.
    private func samples(_ all: [MetricSample], _ name: String, _ labels: [String: String] = [:]) -> [MetricSample] {
        all.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }

    private func value(_ all: [MetricSample], _ name: String, _ labels: [String: String]) -> Double? {
        let found = samples(all, name, labels)
        return found.count == 1 ? found[0].value : nil
    }

    private func scrape(_ client: some TestClientProtocol) async throws -> [MetricSample] {
        let response = try await client.execute(uri: "/metrics", method: .get)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return try MetricSample.parse(String(buffer: response.body))
    }

    @Test func countsMatchTheRequestsMadeByRouteMethodAndStatus() async throws {
        try await TestServer.app().test(.router) { client in
            for _ in 0..<3 {
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            }
            for model in ["sure-seven", "sure-seven", "unsure-three"] {
                let response = try await client.execute(
                    uri: "/api/predict?model=\(model)", method: .post, headers: TestServer.contentType("image/png"),
                    body: ByteBuffer(bytes: TestImages.seven))
                #expect(response.status == .ok)
            }
            let bad = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("application/json"), body: ByteBuffer(string: "{"))
            #expect(bad.status == .badRequest)
            let compare = try await client.execute(
                uri: "/api/compare", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.blank))
            #expect(compare.status == .ok)

            let all = try await scrape(client)
            let requests = "digit_reader_http_requests_total"
            #expect(value(all, requests, ["route": "/healthz", "method": "GET", "status": "200"]) == 3)
            #expect(value(all, requests, ["route": "/api/predict", "method": "POST", "status": "200"]) == 3)
            #expect(value(all, requests, ["route": "/api/predict", "method": "POST", "status": "400"]) == 1)
            #expect(value(all, requests, ["route": "/api/compare", "method": "POST", "status": "200"]) == 1)
            #expect(samples(all, requests).reduce(0) { $0 + $1.value } == 8)

            // The sure model names 7 both times; the unsure one names nothing; every model in the
            // comparison of an empty drawing names nothing, without running.
            let predictions = "digit_reader_predictions_total"
            #expect(value(all, predictions, ["model": "sure-seven", "digit": "7"]) == 2)
            #expect(value(all, predictions, ["model": "sure-seven", "digit": "none"]) == 1)
            #expect(value(all, predictions, ["model": "unsure-three", "digit": "none"]) == 2)
            #expect(value(all, predictions, ["model": "ensemble", "digit": "none"]) == 1)
            #expect(value(all, "digit_reader_model_duration_seconds_count", ["model": "sure-seven"]) == 2)
            #expect(value(all, "digit_reader_model_duration_seconds_count", ["model": "tiny"]) == nil)
            #expect(value(all, "digit_reader_queue_depth", [:]) == 0)
        }
    }

    @Test func durationHistogramsHaveTheirBuckets() async throws {
        try await TestServer.app().test(.router) { client in
            for _ in 0..<2 {
                _ = try await client.execute(
                    uri: "/api/predict?model=tiny", method: .post, headers: TestServer.contentType("image/png"),
                    body: ByteBuffer(bytes: TestImages.seven))
            }
            let all = try await scrape(client)
            for (name, labels) in [
                ("digit_reader_http_request_duration_seconds", ["route": "/api/predict"]),
                ("digit_reader_model_duration_seconds", ["model": "tiny"]),
            ] {
                let buckets = samples(all, name + "_bucket", labels)
                #expect(buckets.count > 5, "\(name) has \(buckets.count) buckets")
                // Cumulative, ending in +Inf with every observation.
                #expect(buckets.last?.labels["le"] == "+Inf")
                #expect(buckets.map(\.value) == buckets.map(\.value).sorted())
                #expect(buckets.last?.value == 2)
                #expect(value(all, name + "_count", labels) == 2)
                #expect((value(all, name + "_sum", labels) ?? 0) > 0)
            }
        }
    }

    @Test func correctionsAreCountedOnceByLabelWithNumbersInOneSeries() async throws {
        let store = try await SQLiteBackend().open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            // "c" and "d" arrive twice (a client retrying): each is one correction.
            for (fields, key) in [
                (#""label": 1"#, "a"), (#""label": 1"#, "b"), (#""label": 4"#, "c"), (#""label": 4"#, "c"), (#""text": "1234""#, "d"),
                (#""text": "1234""#, "d"), (#""text": "98""#, "e"),
            ] {
                #expect(try await FeedbackRouteTests.post(client, body: FeedbackRouteTests.correction(fields), key: key).status == .created)
            }
            #expect(try await FeedbackRouteTests.post(client, body: FeedbackRouteTests.correction(#""label": 12"#), key: "f").status == .badRequest)
            let all = try await scrape(client)
            let corrections = samples(all, "digit_reader_corrections_total")
            #expect(Set(corrections.map { $0.labels["label"] ?? "" }) == ["1", "4", "number"])
            #expect(value(all, "digit_reader_corrections_total", ["label": "1"]) == 2)
            #expect(value(all, "digit_reader_corrections_total", ["label": "4"]) == 1)
            #expect(value(all, "digit_reader_corrections_total", ["label": "number"]) == 2)
        }
        await store.close()
    }

    @Test func randomURLsAddNoSeries() async throws {
        try await TestServer.app().test(.router) { client in
            for index in 0..<20 {
                _ = try await client.execute(uri: "/scan-\(index)/admin.php?x=\(index)", method: .get)
                _ = try await client.execute(uri: "/api/scan-\(index)", method: .post)
                _ = try await client.execute(uri: "/api/predict?model=scan-\(index)", method: .post)
                _ = try await client.execute(uri: "/healthz", method: .init("SCAN\(index)")!)
            }
            let response = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: response.body)
            #expect(!text.contains("scan"))
            let routes = Set(try MetricSample.parse(text).compactMap { $0.labels["route"] })
            let templates = Set(Route.api.map(\.path) + ["/**", "unmatched"])
            #expect(routes.isSubset(of: templates), "routes outside the templates: \(routes.subtracting(templates))")
            let methods = Set(try MetricSample.parse(text).compactMap { $0.labels["method"] })
            #expect(methods.isSubset(of: ["GET", "POST", "other"]))
        }
    }
}
