import DigitReaderServer
import Foundation
import Testing

/// The JSON writer behind every answer.
@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndEscapes() throws {
        let value = JSONValue.object([
            ("z", .int(1)), ("a", .string("quote \" backslash \\ slash / tab \t nul \u{0} é")),
            ("n", .null), ("f", .float(0.9)), ("tiny", .float(6.9e-05)), ("d", .double(.nan)), ("list", .array([.bool(true), .bool(false)])),
        ])
        let text = value.serialized
        #expect(text == #"{"z":1,"a":"quote \" backslash \\ slash / tab \t nul \u0000 é","n":null,"f":0.9,"tiny":6.9e-05,"d":null,"list":[true,false]}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["a"] as? String == "quote \" backslash \\ slash / tab \t nul \u{0} é")
    }

    @Test func predictionsListKeysInTheDocumentedOrder() {
        let prediction = Prediction(model: "m", digit: nil, confidence: 0.5, probabilities: [0.5, 0.5], empty: false, elapsedMs: 0.25)
        #expect(prediction.json.serialized == #"{"model":"m","digit":null,"confidence":0.5,"probabilities":[0.5,0.5],"empty":false,"elapsedMs":0.25}"#)
    }
}
