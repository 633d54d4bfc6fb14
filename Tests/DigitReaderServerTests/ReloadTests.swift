import Crypto
import DigitReaderCore
import DigitReaderModules
import DigitReaderServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Hot reload: `POST /api/admin/reload` loads the models folder again and swaps the models in.
@Suite struct ReloadTests {
    /// A models folder holding a copy of the shipped softmax model, served alone.
    struct ModelsFolder {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)", isDirectory: true)
        let module = registeredModules.first { $0.id == "softmax" }!
        var weights: URL { directory.appendingPathComponent("softmax.weights") }
        var card: URL { directory.appendingPathComponent("softmax.card.json") }

        init() throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let shipped = try #require(module.bundledWeightsDirectory)
            for name in ["softmax.weights", "softmax.card.json"] {
                try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: directory.appendingPathComponent(name))
            }
        }

        var loader: ModelReloader.Loader {
            let (module, directory) = (module, directory)
            return { try RecognizerRegistry(modules: [module], modelsDirectory: directory) }
        }

        /// Replaces the weights with a freshly initialised network's, written as training writes them.
        func writeUntrainedWeights(seed: UInt64) throws {
            try WeightFile.write(module.untrainedNetwork(seed: seed), modelID: "softmax", to: weights)
        }

        /// Sets the MNIST accuracy the card records.
        func setCardAccuracy(_ value: Double) throws {
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: card)) as! [String: Any]
            var accuracy = json["accuracy"] as? [String: Any] ?? [:]
            accuracy["mnist"] = value
            json["accuracy"] = accuracy
            try JSONSerialization.data(withJSONObject: json).write(to: card, options: .atomic)
        }

        var weightsSHA256: String {
            get throws { SHA256.hash(data: try Data(contentsOf: weights)).map { String(format: "%02x", $0) }.joined() }
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func app(_ folder: ModelsFolder) throws -> DigitReaderApplication.App {
        try TestServer.feedbackApp(registry: try folder.loader(), adminToken: FeedbackRouteTests.token, reload: folder.loader)
    }

    static func reload(_ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/api/admin/reload", method: .post, headers: FeedbackRouteTests.admin())
    }

    static func mnistAccuracy(_ client: some TestClientProtocol) async throws -> Double? {
        let listing = try TestServer.decode(ModelListing.self, try await client.execute(uri: "/api/models", method: .get))
        return listing.models.first { $0.id == "softmax" }?.accuracy["mnist"]
    }

    @Test func reloadSwapsInTheNewWeightsAndCards() async throws {
        let folder = try ModelsFolder()
        defer { folder.remove() }
        try await Self.app(folder).test(.router) { client in
            let before = try await Self.mnistAccuracy(client)
            try folder.writeUntrainedWeights(seed: 3)
            try folder.setCardAccuracy(0.1234)
            #expect(try await Self.mnistAccuracy(client) == before, "nothing changes before a reload")
            let response = try await Self.reload(client)
            #expect(response.status == .ok)
            let result = try TestServer.decode(ReloadResult.self, response)
            // The digest the server records is the weight file's own sha256.
            #expect(result.weightsSHA256["softmax"] == (try folder.weightsSHA256))
            #expect(result.models.models.first?.accuracy["mnist"] == 0.1234)
            #expect(try await Self.mnistAccuracy(client) == 0.1234)
        }
    }

    @Test(arguments: ["corrupt", "truncated", "other architecture", "other model's file", "bad card"])
    func aBadNewFileIsRefusedAndTheOldModelsKeepServing(problem: String) async throws {
        let folder = try ModelsFolder()
        defer { folder.remove() }
        try await Self.app(folder).test(.router) { client in
            let before = try await Self.mnistAccuracy(client)
            let prediction = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven))
            switch problem {
            case "corrupt":
                var bytes = try Data(contentsOf: folder.weights)
                bytes[bytes.count / 2] ^= 0xFF
                try bytes.write(to: folder.weights)
            case "truncated":
                try Data(contentsOf: folder.weights).prefix(100).write(to: folder.weights)
            case "other architecture":
                let network = Network(inputShape: [28, 28, 1], seed: 1) {
                    Flatten()
                    Dense(32)
                    Dense(10)
                }
                try WeightFile.write(network, modelID: "softmax", to: folder.weights)
            case "other model's file":
                try WeightFile.write(folder.module.untrainedNetwork(seed: 1), modelID: "shallow-cnn", to: folder.weights)
            default:
                try Data("{\"id\": ".utf8).write(to: folder.card)
            }
            let response = try await Self.reload(client)
            #expect(response.status == .unprocessableContent)
            #expect(try FeedbackRouteTests.errorCode(response) == "reload_refused")
            #expect(try await Self.mnistAccuracy(client) == before)
            let after = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven))
            #expect(after.status == .ok)
            #expect(try TestServer.decode(Prediction.self, after).probabilities == TestServer.decode(Prediction.self, prediction).probabilities)
        }
    }

    @Test func swappingUnderLoadFailsNoRequest() async throws {
        let folder = try ModelsFolder()
        defer { folder.remove() }
        try await Self.app(folder).test(.live) { client in
            let port = try #require(client.port)
            let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                // Eight clients, each with its own connection, read digits the whole time...
                for _ in 0..<8 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { connection in
                            var statuses: [HTTPResponse.Status] = []
                            for _ in 0..<40 {
                                let response = try await connection.execute(.init(
                                    "/api/predict", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven)))
                                statuses.append(response.status)
                            }
                            return statuses
                        }
                    }
                }
                // ...while the models are swapped six times.
                group.addTask {
                    var statuses: [HTTPResponse.Status] = []
                    for seed in 0..<6 {
                        try folder.writeUntrainedWeights(seed: UInt64(seed))
                        statuses.append(try await Self.reload(client).status)
                    }
                    return statuses
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 8 * 40 + 6)
            #expect(statuses.allSatisfy { $0 == .ok })
            let final = try TestServer.decode(ReloadResult.self, try await Self.reload(client))
            #expect(final.weightsSHA256["softmax"] == (try folder.weightsSHA256))
        }
    }
}
