import DigitReaderCore
import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A recognizer that holds its worker until the test opens the gate.
struct GatedRecognizer: Recognizer {
    let id = "gated"
    let name = "Gated"
    let summary = "Waits for the test before answering (test double)"
    let parameterCount = 0
    let card: ModelCard? = nil
    /// Signalled each time a recognition starts.
    let started = DispatchSemaphore(value: 0)
    /// Recognitions wait here; once signalled, it stays open.
    let gate = DispatchSemaphore(value: 0)

    func probabilities(for batch: [DigitImage]) -> [[Float]] {
        started.signal()
        gate.wait()
        gate.signal()
        return batch.map { _ in (0..<10).map { $0 == 7 ? 0.91 : 0.01 } }
    }
}

/// What an overloaded server answers, and that it recovers.
@Suite struct OverloadTests {
    @Test func overloadIsRefusedAtOnceWithRetryAfterThenTheServerRecovers() async throws {
        let recognizer = GatedRecognizer()
        // A long queue wait, so only the full queue refuses: on a loaded machine the test's own
        // tasks can be slow enough for the queued request to outwait 250 ms.
        let configuration = ServerConfiguration(port: 0, workerCount: 1, maxQueuedRecognitions: 1, maxQueueWait: .seconds(60))
        let app = DigitReaderApplication.make(
            registry: try RecognizerRegistry(recognizers: [recognizer]), configuration: configuration, logger: TestServer.logger)
        try await app.test(.router) { client in
            @Sendable func predict() async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/predict", method: .post, headers: TestServer.contentType("image/png"),
                    body: ByteBuffer(bytes: TestImages.seven))
            }
            try await withThrowingTaskGroup(of: TestResponse.self) { group in
                // The first request holds the only worker.
                group.addTask { try await predict() }
                while recognizer.started.wait(timeout: .now()) != .success {
                    try await Task.sleep(for: .milliseconds(10))
                }
                // Of the next two, one waits in the queue (one place) and one is refused at
                // once, while the worker is still held.
                group.addTask { try await predict() }
                group.addTask { try await predict() }
                let refused = try #require(try await group.next())
                #expect(refused.status == .serviceUnavailable)
                #expect(try TestServer.decode(ErrorEnvelope.self, refused).error.code == "server_busy")
                let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
                #expect(retryAfter >= 1)

                recognizer.gate.signal()
                for try await response in group {
                    #expect(response.status == .ok)
                }
            }
            // The queue has drained: the server reads again.
            let after = try await predict()
            #expect(after.status == .ok)
            #expect(try TestServer.decode(Prediction.self, after).digit == 7)

            let metrics = try MetricSample.parse(String(buffer: try await client.execute(uri: "/metrics", method: .get).body))
            let rejected = metrics.filter { $0.name == "digit_reader_rejected_total" }
            #expect(rejected == [MetricSample(name: "digit_reader_rejected_total", labels: ["reason": "queue_full"], value: 1)])
            #expect(metrics.contains(MetricSample(
                name: "digit_reader_http_requests_total", labels: ["route": "/api/predict", "method": "POST", "status": "503"], value: 1)))
        }
    }
}
