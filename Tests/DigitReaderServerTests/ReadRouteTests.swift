import DigitReaderCore
import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Stroke uploads on the recognition routes, and `POST /api/read` for whole numbers.
@Suite struct ReadRouteTests {
    /// The test "7" as strokes on the page's 280 px pad.
    static let sevenStrokes = #"{"strokes": [[[60, 50], [220, 50]], [[220, 50], [120, 240]]], "width": 280, "height": 280}"#

    /// `count` vertical strokes 200 units apart on a pad of matching width.
    static func bars(_ count: Int) -> String {
        let strokes = (0..<count).map { "[[\(60 + 200 * $0), 40], [\(60 + 200 * $0), 200]]" }.joined(separator: ", ")
        return #"{"strokes": [\#(strokes)], "width": \#(200 * count), "height": 240}"#
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, json: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: TestServer.contentType("application/json"), body: ByteBuffer(string: json))
    }

    @Test func predictReadsStrokesLikeTheSameCanvasPNG() async throws {
        try await TestServer.app().test(.router) { client in
            let fromStrokes = try TestServer.decode(Prediction.self, try await Self.post(client, "/api/predict?model=tiny", json: Self.sevenStrokes))
            let png = TestImages.canvas(strokes: [[(60, 50), (220, 50)], [(220, 50), (120, 240)]], brushWidth: 20)
            let response = try await client.execute(
                uri: "/api/predict?model=tiny", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: png))
            let fromPNG = try TestServer.decode(Prediction.self, response)
            #expect(!fromStrokes.empty)
            #expect(fromStrokes.probabilities.argmax == fromPNG.probabilities.argmax)
            for (a, b) in zip(fromStrokes.probabilities, fromPNG.probabilities) { #expect(abs(a - b) < 0.05) }
        }
    }

    @Test func strokesWithoutPadSizeAreRead() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await Self.post(client, "/api/compare", json: #"{"strokes": [[[0.2, 0.1], [0.8, 0.1]], [[0.8, 0.1], [0.4, 0.9]]]}"#)
            #expect(response.status == .ok)
            let comparison = try TestServer.decode(Comparison.self, response)
            #expect(!comparison.empty)
            #expect(comparison.results.count == 4)
        }
    }

    @Test func emptyStrokeListIsAnEmptyDrawing() async throws {
        try await TestServer.app().test(.router) { client in
            let prediction = try TestServer.decode(Prediction.self, try await Self.post(client, "/api/predict", json: #"{"strokes": []}"#))
            #expect(prediction.empty)
            #expect(prediction.digit == nil)
            let number = try TestServer.decode(NumberAnswer.self, try await Self.post(client, "/api/read", json: #"{"strokes": []}"#))
            #expect(number.empty)
            #expect(number.text == "")
            #expect(number.digits.isEmpty)
        }
    }

    @Test func readFindsSeparatedDigitsLeftToRightWithTheirBoxes() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await Self.post(client, "/api/read?model=sure-seven", json: Self.bars(3))
            #expect(response.status == .ok)
            let number = try TestServer.decode(NumberAnswer.self, response)
            #expect(number.model == "sure-seven")
            #expect(number.text == "777")
            #expect(!number.empty)
            #expect(number.digits.count == 3)
            for (index, digit) in number.digits.enumerated() {
                let x = Double(60 + 200 * index)
                #expect(digit.box.x < x && x < digit.box.x + digit.box.width, "digit \(index) box \(digit.box)")
                #expect(digit.box.y <= 40 && digit.box.y + digit.box.height >= 200)
                #expect(digit.digit == 7)
                #expect(digit.probabilities.count == 10)
                #expect(digit.input == nil)
            }
            #expect(number.elapsedMs >= 0)
        }
    }

    @Test func unsureDigitsAreNullAndQuestionMarks() async throws {
        try await TestServer.app().test(.router) { client in
            let number = try TestServer.decode(NumberAnswer.self, try await Self.post(client, "/api/read?model=unsure-three", json: Self.bars(2)))
            #expect(number.text == "??")
            #expect(number.digits.allSatisfy { $0.digit == nil })
            let raw = String(buffer: try await Self.post(client, "/api/read?model=unsure-three", json: Self.bars(2)).body)
            #expect(raw.contains(#""digit":null"#))
            let lowered = try TestServer.decode(NumberAnswer.self, try await Self.post(client, "/api/read?model=unsure-three&threshold=0.1", json: Self.bars(2)))
            #expect(lowered.text == "33")
        }
    }

    @Test func readWithDebugShowsEachDigitsInput() async throws {
        try await TestServer.app().test(.router) { client in
            let number = try TestServer.decode(NumberAnswer.self, try await Self.post(client, "/api/read?debug=true", json: Self.bars(2)))
            #expect(number.digits.count == 2)
            #expect(number.digits.allSatisfy { $0.input?.hasPrefix("data:image/png;base64,") == true })
        }
    }

    @Test func readFindsDigitsInAnImage() async throws {
        let png = TestImages.canvas(strokes: [[(60, 200), (60, 400)], [(300, 200), (300, 400)], [(540, 200), (540, 400)]], side: 600)
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/read?model=sure-seven", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: png))
            #expect(response.status == .ok)
            let number = try TestServer.decode(NumberAnswer.self, response)
            #expect(number.text == "777")
            for (digit, x) in zip(number.digits, [60.0, 300, 540]) {
                #expect(digit.box.x < x && x < digit.box.x + digit.box.width, "box \(digit.box)")
                #expect(digit.box.y < 210 && digit.box.y + digit.box.height > 390, "box \(digit.box)")
            }
        }
    }

    @Test func moreThanSixteenDigitsIsRefused() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await Self.post(client, "/api/read", json: Self.bars(17))
            #expect(response.status == .unprocessableContent)
            #expect(try TestServer.decode(ErrorEnvelope.self, response).error.code == "too_many_digits")
            let thousand = try await Self.post(client, "/api/read", json: Self.bars(1_000))
            #expect(thousand.status == .unprocessableContent)
            #expect(try TestServer.decode(ErrorEnvelope.self, thousand).error.message.contains("at least 250 digits"))
            let sixteen = try await Self.post(client, "/api/read", json: Self.bars(16))
            #expect(sixteen.status == .ok)
            #expect(try TestServer.decode(NumberAnswer.self, sixteen).digits.count == 16)
        }
    }

    /// Found by fuzzing: subnormal coordinates (or pad sizes) once trapped the process while scaling.
    @Test func drawingsTooSmallForFloatsAreAnswered() async throws {
        let specks = #"{"strokes": [[[1.17e-38, 1.17e-38], [5.98e-39, 0], [4.9e-41, 6.06e-39]]]}"#
        let tinyPad = #"{"strokes": [[[60, 50], [220, 50]], [[220, 50], [120, 240]]], "width": 1e-45, "height": 1e-45}"#
        try await TestServer.app().test(.router) { client in
            for body in [specks, tinyPad] {
                for route in ["/api/predict", "/api/compare", "/api/read"] {
                    let response = try await Self.post(client, route, json: body)
                    #expect(response.status == .ok, "\(route) \(body)")
                }
            }
        }
    }
}
