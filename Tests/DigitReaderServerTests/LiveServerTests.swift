import DigitReaderCore
import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The real server on a free port, spoken to over TCP.
@Suite struct LiveServerTests {
    @Test func realServerAnswersOverHTTP() async throws {
        try await TestServer.app(port: 0).test(.live) { client in
            #expect(client.port != nil)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try TestServer.decode(HealthStatus.self, health).models.contains("ensemble"))

            let prediction = try await client.execute(
                uri: "/api/predict?model=sure-seven&debug=true", method: .post, headers: TestServer.contentType("application/json"),
                body: TestServer.jsonImage(TestImages.sevenDataURL))
            #expect(prediction.status == .ok)
            let answer = try TestServer.decode(Prediction.self, prediction)
            #expect(answer.digit == 7)
            #expect(answer.input?.hasPrefix("data:image/png;base64,") == true)

            let legacy = try await client.execute(
                uri: "/", method: .post, headers: TestServer.contentType("application/x-www-form-urlencoded; charset=UTF-8"),
                body: TestServer.legacyForm(TestImages.sevenDataURL))
            #expect(legacy.status == .ok)
            // The default model is the ensemble, whose surest member always answers 7.
            #expect(try TestServer.decode(LegacyGuess.self, legacy).guess == 7)

            let tooBig = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("image/png"),
                body: ByteBuffer(bytes: TestPNG.black(width: 20000, height: 20000)))
            #expect(tooBig.status == .contentTooLarge)
            #expect(try TestServer.decode(ErrorEnvelope.self, tooBig).error.code == "image_too_large")

            // The connection still works after an error.
            let models = try await client.execute(uri: "/api/models", method: .get)
            #expect(models.status == .ok)
        }
    }
}
