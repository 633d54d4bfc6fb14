import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Weight files")
struct WeightFileTests {
    let network = NetworkTests.smallCNN(seed: 1)

    @Test("weights round-trip exactly, buffers included")
    func roundTrip() throws {
        let bytes = WeightFile.encode(network, modelID: "small")
        let loaded = try WeightFile.decode(bytes, into: NetworkTests.smallCNN(seed: 99), modelID: "small")
        #expect(loaded.storedTensors == network.storedTensors)
    }

    @Test("writing and loading a file")
    func fileRoundTrip() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("small.weights")
        try WeightFile.write(network, modelID: "small", to: url)
        let loaded = try WeightFile.load(into: NetworkTests.smallCNN(seed: 5), modelID: "small", from: url)
        #expect(loaded.storedTensors == network.storedTensors)
    }

    @Test("every truncation is rejected")
    func truncated() {
        let bytes = WeightFile.encode(network, modelID: "small")
        for length in [0, 3, 4, 7, 12, 30, bytes.count / 2, bytes.count - 5, bytes.count - 1] {
            #expect(throws: WeightFileProblem.self, "length \(length)") {
                try WeightFile.decode(Array(bytes.prefix(length)), into: network, modelID: "small")
            }
        }
    }

    @Test("problems are named precisely")
    func problems() {
        let bytes = WeightFile.encode(network, modelID: "small")
        var wrongMagic = bytes
        wrongMagic[0] = UInt8(ascii: "X")
        #expect(throws: WeightFileProblem.notAWeightFile) { try WeightFile.decode(wrongMagic, into: network, modelID: "small") }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(throws: WeightFileProblem.checksumMismatch) { try WeightFile.decode(flipped, into: network, modelID: "small") }
        #expect(throws: WeightFileProblem.wrongModel(expected: "other", found: "small")) {
            try WeightFile.decode(bytes, into: network, modelID: "other")
        }
        let differentShape = Network(inputShape: [28, 28, 1], seed: 1) { Flatten(); Dense(10) }
        #expect(throws: WeightFileProblem.self) { try WeightFile.decode(bytes, into: differentShape, modelID: "small") }
    }

    @Test("a missing file is a clear error")
    func missingFile() {
        let error = #expect(throws: WeightFileError.self) {
            try WeightFile.load(into: network, modelID: "small", from: URL(fileURLWithPath: "/nonexistent/small.weights"))
        }
        #expect(error?.description.contains("/nonexistent/small.weights") == true)
    }
}
