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
    /// A models folder holding a copy of the shipped softmax model, served alone, and of the
    /// shipped whole-digit verifier.
    struct ModelsFolder {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)", isDirectory: true)
        let module = registeredModules.first { $0.id == "softmax" }!
        var weights: URL { directory.appendingPathComponent("softmax.weights") }
        var card: URL { directory.appendingPathComponent("softmax.card.json") }
        var verifier: URL { directory.appendingPathComponent("\(WholeDigitVerifier.id).weights") }

        init() throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let shipped = try #require(module.bundledWeightsDirectory)
            for name in ["softmax.weights", "softmax.card.json"] {
                try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: directory.appendingPathComponent(name))
            }
            try FileManager.default.copyItem(at: #require(bundledWholeDigitVerifier), to: verifier)
        }

        /// Loads the folder as `serve` does: the recognizers and the verifier together.
        var loader: ModelReloader.Loader {
            let (module, directory, verifier) = (module, directory, verifier)
            return {
                ModelGeneration(
                    registry: try RecognizerRegistry(modules: [module], modelsDirectory: directory),
                    verifier: try WholeDigitVerifier(contentsOf: verifier))
            }
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
            get throws { try Self.sha256(weights) }
        }

        var verifierSHA256: String {
            get throws { try Self.sha256(verifier) }
        }

        static func sha256(_ file: URL) throws -> String {
            SHA256.hash(data: try Data(contentsOf: file)).map { String(format: "%02x", $0) }.joined()
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func app(_ folder: ModelsFolder) throws -> DigitReaderApplication.App {
        let generation = try folder.loader()
        return try TestServer.feedbackApp(
            registry: generation.registry, verifier: generation.verifier, adminToken: FeedbackRouteTests.token, reload: folder.loader)
    }

    /// `/api/read`'s answer for a picture of two digits.
    static func readNumber(_ client: some TestClientProtocol) async throws -> NumberAnswer {
        let response = try await client.execute(
            uri: "/api/read", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seventySeven))
        #expect(response.status == .ok)
        return try TestServer.decode(NumberAnswer.self, response)
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

    @Test func reloadSwapsInANewVerifier() async throws {
        let folder = try ModelsFolder()
        defer { folder.remove() }
        try await Self.app(folder).test(.router) { client in
            let shipped = try folder.verifierSHA256
            #expect(try TestServer.decode(ReloadResult.self, try await Self.reload(client)).verifierSHA256 == shipped)
            try WeightFile.write(WholeDigitVerifier.network(seed: 5), modelID: WholeDigitVerifier.id, to: folder.verifier)
            let result = try TestServer.decode(ReloadResult.self, try await Self.reload(client))
            // The digest the server records is the new file's own sha256.
            #expect(result.verifierSHA256 == (try folder.verifierSHA256))
            #expect(result.verifierSHA256 != shipped)
            #expect(try await Self.readNumber(client).digits.count > 0)
        }
    }

    @Test(arguments: ["corrupt", "truncated", "other architecture", "other model's file", "bad card", "corrupt verifier", "recognizer's file as verifier"])
    func aBadNewFileIsRefusedAndTheOldModelsKeepServing(problem: String) async throws {
        let folder = try ModelsFolder()
        defer { folder.remove() }
        try await Self.app(folder).test(.router) { client in
            let before = try await Self.mnistAccuracy(client)
            let prediction = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven))
            let number = try await Self.readNumber(client)
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
            case "corrupt verifier":
                var bytes = try Data(contentsOf: folder.verifier)
                bytes[bytes.count / 2] ^= 0xFF
                try bytes.write(to: folder.verifier)
            case "recognizer's file as verifier":
                try FileManager.default.removeItem(at: folder.verifier)
                try FileManager.default.copyItem(at: folder.weights, to: folder.verifier)
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
            let numberAfter = try await Self.readNumber(client)
            #expect(numberAfter.text == number.text)
            #expect(numberAfter.digits.map(\.probabilities) == number.digits.map(\.probabilities))
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
