import DigitReaderCore
import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route's happy path, driven in-process through the router.
@Suite struct RouteTests {
    @Test func healthListsEveryModel() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let health = try TestServer.decode(HealthStatus.self, response)
            #expect(health == HealthStatus(status: "ok", models: ["tiny", "sure-seven", "unsure-three", "ensemble"]))
        }
    }

    @Test func headIsAnsweredWhereGetIs() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .head)
            #expect(response.status == .ok)
        }
    }

    @Test func modelsListsEveryModelWithAccuracy() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(uri: "/api/models", method: .get)
            #expect(response.status == .ok)
            let listing = try TestServer.decode(ModelListing.self, response)
            #expect(listing.defaultID == "ensemble")
            #expect(listing.models.map(\.id) == ["tiny", "sure-seven", "unsure-three", "ensemble"])
            #expect(listing.models[0].parameters == 7850)
            #expect(listing.models[0].name == "Tiny network")
            #expect(listing.models[3].accuracy == ["mnist": TestRegistry.ensembleAccuracy])
            #expect(listing.models[3].parameters == 7850)
            // The raw JSON uses the documented key names.
            let text = String(buffer: response.body)
            #expect(text.contains(#""default":"ensemble""#))
            #expect(text.contains(#""accuracy":{"mnist":0.9876}"#))
        }
    }

    @Test func predictReadsADataURLWithTheDefaultModel() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("application/json"),
                body: TestServer.jsonImage(TestImages.sevenDataURL))
            #expect(response.status == .ok)
            let prediction = try TestServer.decode(Prediction.self, response)
            #expect(prediction.model == "ensemble")
            #expect(prediction.probabilities.count == 10)
            #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-4)
            #expect(prediction.confidence == prediction.probabilities.max())
            #expect(prediction.empty == false)
            #expect(prediction.elapsedMs >= 0)
            #expect(prediction.input == nil)
            #expect(!String(buffer: response.body).contains("input"))
        }
    }

    @Test(arguments: [
        ("image/png", "raw"), ("application/octet-stream", "raw"), ("multipart/form-data; boundary=XyZ", "multipart"),
        ("application/json", "bare-base64"), ("application/x-www-form-urlencoded", "form"), ("", "raw-without-type"),
    ])
    func predictAcceptsEveryUploadForm(contentType: String, form: String) async throws {
        let body: ByteBuffer =
            switch form {
            case "multipart": TestServer.multipart([("note", Array("hi".utf8)), ("image", TestImages.seven)])
            case "bare-base64": TestServer.jsonImage(Data(TestImages.seven).base64EncodedString())
            case "form": ByteBuffer(string: "image=" + Data(TestImages.seven).base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            default: ByteBuffer(bytes: TestImages.seven)
            }
        try await TestServer.app().test(.router) { client in
            let headers = contentType.isEmpty ? HTTPFields() : TestServer.contentType(contentType)
            let response = try await client.execute(uri: "/api/predict?model=sure-seven", method: .post, headers: headers, body: body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let prediction = try TestServer.decode(Prediction.self, response)
            #expect(prediction.digit == 7)
            #expect(prediction.model == "sure-seven")
        }
    }

    @Test func thresholdDecidesWhetherADigitIsNamed() async throws {
        try await TestServer.app().test(.router) { client in
            func digit(_ query: String) async throws -> Int? {
                let response = try await client.execute(
                    uri: "/api/predict?model=sure-seven\(query)", method: .post, headers: TestServer.contentType("image/png"),
                    body: ByteBuffer(bytes: TestImages.seven))
                #expect(response.status == .ok)
                let prediction = try TestServer.decode(Prediction.self, response)
                #expect(abs(prediction.confidence - 0.9) < 1e-6)
                return prediction.digit
            }
            let byDefault = try await digit("")  // threshold 0.6
            let atConfidence = try await digit("&threshold=0.9")
            let above = try await digit("&threshold=0.95")
            let atOne = try await digit("&threshold=1")
            let atZero = try await digit("&threshold=0")
            #expect(byDefault == 7)
            #expect(atConfidence == 7)
            #expect(above == nil)
            #expect(atOne == nil)
            #expect(atZero == 7)
        }
    }

    @Test func lowConfidenceGivesNullDigitWrittenAsNull() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/predict?model=unsure-three", method: .post, headers: TestServer.contentType("image/png"),
                body: ByteBuffer(bytes: TestImages.seven))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains(#""digit":null"#))
            #expect(try TestServer.decode(Prediction.self, response).digit == nil)
        }
    }

    @Test func emptyCanvasIsReportedNotGuessed() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/predict?model=sure-seven&threshold=0", method: .post, headers: TestServer.contentType("application/json"),
                body: TestServer.jsonImage("data:image/png;base64," + Data(TestImages.blank).base64EncodedString()))
            #expect(response.status == .ok)
            let prediction = try TestServer.decode(Prediction.self, response)
            #expect(prediction.empty == true)
            #expect(prediction.digit == nil)
            #expect(prediction.confidence == 0.1)
            #expect(prediction.probabilities == [Float](repeating: 0.1, count: 10))
        }
    }

    @Test func debugReturnsTheImageTheModelSaw() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/predict?debug=true", method: .post, headers: TestServer.contentType("image/png"),
                body: ByteBuffer(bytes: TestImages.seven))
            #expect(response.status == .ok)
            let prediction = try TestServer.decode(Prediction.self, response)
            let input = try #require(prediction.input)
            #expect(input.hasPrefix("data:image/png;base64,"))
            let png = try #require(Data(base64Encoded: String(input.dropFirst("data:image/png;base64,".count))))
            let image = try ImageDecoder().decode([UInt8](png))
            #expect(image.width == 28 && image.height == 28)
            // White ink on black: the corner has none, and some pixel's grey (not its alpha) is ink.
            #expect(image[0, 0].red == 0)
            let greys = (0..<(28 * 28)).map { image.pixels[$0 * 4] }
            #expect(greys.contains { $0 > 128 })
            #expect(greys.filter { $0 > 128 }.count < 28 * 28 / 2, "a digit, not a white square")
        }
    }

    @Test func compareRunsEveryModelOnTheSameInput() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/compare?threshold=0.5", method: .post, headers: TestServer.contentType("application/json"),
                body: TestServer.jsonImage(TestImages.sevenDataURL))
            #expect(response.status == .ok)
            let comparison = try TestServer.decode(Comparison.self, response)
            #expect(comparison.empty == false)
            #expect(comparison.results.map(\.model) == ["tiny", "sure-seven", "unsure-three", "ensemble"])
            #expect(comparison.results[1].digit == 7)
            #expect(comparison.results[2].digit == nil)  // 0.4 < 0.5
            for result in comparison.results {
                #expect(result.probabilities.count == 10)
                #expect(abs(result.probabilities.reduce(0, +) - 1) < 1e-4)
                #expect(result.elapsedMs >= 0)
                #expect(result.empty == false)
            }
            // The ensemble is the mean of its three members.
            for digit in 0..<10 {
                let mean = comparison.results[0..<3].map { $0.probabilities[digit] }.reduce(0, +) / 3
                #expect(abs(comparison.results[3].probabilities[digit] - mean) < 1e-5)
            }
        }
    }

    @Test(arguments: [EnsembleSettings.Method.mean, .weighted])
    func compareGivesEachModelTheSameAnswerAsPredict(ensembleMethod: EnsembleSettings.Method) async throws {
        try await TestServer.app(ensembleMethod: ensembleMethod).test(.router) { client in
            let body = ByteBuffer(bytes: TestImages.seven)
            let comparison = try TestServer.decode(Comparison.self, try await client.execute(
                uri: "/api/compare", method: .post, headers: TestServer.contentType("image/png"), body: body))
            #expect(comparison.results.map(\.model) == ["tiny", "sure-seven", "unsure-three", "ensemble"])
            for result in comparison.results {
                let single = try TestServer.decode(Prediction.self, try await client.execute(
                    uri: "/api/predict?model=\(result.model)", method: .post, headers: TestServer.contentType("image/png"), body: body))
                #expect(single.probabilities == result.probabilities, "\(result.model)")
                #expect(single.digit == result.digit)
            }
        }
    }

    @Test func compareOfAnEmptyCanvasIsEmptyForEveryModel() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/compare", method: .post, headers: TestServer.contentType("image/png"),
                body: ByteBuffer(bytes: TestImages.blank))
            #expect(response.status == .ok)
            let comparison = try TestServer.decode(Comparison.self, response)
            #expect(comparison.empty == true)
            #expect(comparison.results.count == 4)
            #expect(comparison.results.allSatisfy { $0.empty && $0.digit == nil && $0.confidence == 0.1 })
        }
    }

    @Test func originalClientFormPostGetsAGuess() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/", method: .post, headers: TestServer.contentType("application/x-www-form-urlencoded; charset=UTF-8"),
                body: TestServer.legacyForm(TestImages.sevenDataURL))
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(text.hasPrefix(#"{"guess":"#))
            let guess = try TestServer.decode(LegacyGuess.self, response)
            // The default model is the ensemble, whose surest member always answers 7.
            #expect(guess.guess == 7)
        }
    }

    @Test func originalClientFormPostSurvivesUnencodedPlusSigns() async throws {
        // A client that forgot to percent-encode '+': the form decoder turns them into spaces.
        try #require(TestImages.sevenDataURL.contains("+"), "the test needs a '+' in the base64")
        let body = ByteBuffer(string: "imageBase64=" + TestImages.sevenDataURL.replacingOccurrences(of: "/", with: "%2F"))
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/", method: .post, headers: TestServer.contentType("application/x-www-form-urlencoded"), body: body)
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            #expect(try TestServer.decode(LegacyGuess.self, response).guess == 7)
        }
    }

    @Test func manyConcurrentRequestsAllSucceed() async throws {
        try await TestServer.app().test(.router) { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let uri = index.isMultiple(of: 2) ? "/api/predict?model=tiny" : "/api/compare"
                        return try await client.execute(
                            uri: uri, method: .post, headers: TestServer.contentType("image/png"),
                            body: ByteBuffer(bytes: TestImages.seven)
                        ).status
                    }
                }
                for try await status in group { #expect(status == .ok) }
            }
        }
    }
}
