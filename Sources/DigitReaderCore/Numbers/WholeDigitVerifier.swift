import Foundation

/// Tells one whole digit from what cutting a picture of touching digits apart can leave: half a
/// digit, a digit with a piece of its neighbour, two neighbours merged.
///
/// Recognizers only ever learned single digits, so they read those leftovers about as surely as
/// whole digits (a 1 touching a 9 reads as an 8 with 0.99), and the surest partition of a cut
/// picture is often a wrong one. This small network learned the difference instead, from the
/// candidates `NumberReader.candidates(in:)` proposes for numbers composed from the pen training
/// writers (`digit-reader train-verifier`), and `NumberReader` weighs its answer into every
/// candidate it reads, from a picture or from strokes (which are not cut, but whose grouping
/// can still join a neighbour's stroke to a digit or leave a digit's stroke out).
public struct WholeDigitVerifier: Sendable {
    /// The id its weight file carries (a recognizer's weights cannot load into it, nor its into one).
    public static let id = "whole-digit-verifier"
    /// The trained network: logits for "not one whole digit" and "one whole digit".
    public let network: Network

    /// The network, reading the recognizers' own 28 x 28 input: two small convolutions and a
    /// dense head, about a quarter of the shallow CNN's arithmetic, as it runs on every candidate.
    public static func network(seed: UInt64) -> Network {
        Network(inputShape: [28, 28, 1], seed: seed) {
            Conv2D(filters: 16, kernel: 5)
            ReLU()
            MaxPool2D(2)
            Conv2D(filters: 32, kernel: 5)
            ReLU()
            MaxPool2D(2)
            Flatten()
            Dense(64)
            ReLU()
            Dense(2)
        }
    }

    public init(network: Network) {
        self.network = network
    }

    /// Loads trained weights, refusing a file for any other network.
    public init(contentsOf url: URL) throws(WeightFileError) {
        network = try WeightFile.load(into: Self.network(seed: 0), modelID: Self.id, from: url)
    }

    /// The probability that each input is one whole digit.
    public func wholeness(of batch: [DigitImage]) -> [Float] {
        guard !batch.isEmpty else { return [] }
        return network(Tensor(batch: batch)).rows.map { Probabilities.softmax($0)[1] }
    }
}
