import DigitReaderCore
import DigitReaderTraining
import Testing

@Suite("Network")
struct NetworkTests {
    static func smallCNN(seed: UInt64) -> Network {
        Network(inputShape: [28, 28, 1], seed: seed) {
            Conv2D(filters: 4, kernel: 5)
            BatchNorm()
            ReLU()
            MaxPool2D(2)
            Flatten()
            Dropout(0.2)
            Dense(10)
        }
    }

    @Test("layers are built for the shapes they receive")
    func shapes() {
        let network = Self.smallCNN(seed: 1)
        // conv 5*5*1*4 + 4, batch norm 4 + 4, dense 12*12*4*10 + 10
        #expect(network.parameterCount == 104 + 8 + 5770)
        #expect(network(Tensor(batch: [.blank, .blank])).shape == [2, 10])
        #expect(network.architecture.first == "Conv2D 4 5x5 valid")
    }

    @Test("the same seed gives the same weights, another seed different ones")
    func seeding() {
        #expect(Self.smallCNN(seed: 3).parameters == Self.smallCNN(seed: 3).parameters)
        #expect(Self.smallCNN(seed: 3).parameters != Self.smallCNN(seed: 4).parameters)
    }

    @Test("stored tensors round-trip through the network")
    func storedTensors() {
        var network = Self.smallCNN(seed: 1)
        let other = Self.smallCNN(seed: 2)
        network.storedTensors = other.storedTensors
        #expect(network.storedTensors == other.storedTensors)
        #expect(network.buffers.count == 2)
    }

    @Test("inference does not depend on the rest of the batch")
    func batchIndependence() {
        let network = Self.smallCNN(seed: 1)
        let digit = DigitImage(pixels: TestData.randomValues(784, seed: 1).map(abs))
        let alone = network(Tensor(batch: [digit])).scalars
        let together = network(Tensor(batch: [.blank, digit])).scalars
        for (a, b) in zip(together[10...], alone) { #expect(abs(a - b) < 1e-5) }
    }
}
