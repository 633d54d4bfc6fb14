/// Non-overlapping max pooling over channels-last images (window = stride = `size`).
public struct MaxPool2D: Layer {
    public let size: Int
    private var inputShape: [Int] = []
    private var cachedArgmax: [Int32] = []
    private var cachedBatch = 0

    public init(_ size: Int = 2) {
        self.size = size
    }

    public var summary: String { "MaxPool2D \(size)x\(size)" }

    public mutating func build(inputShape: [Int], generator: inout SeededGenerator) -> [Int] {
        precondition(inputShape.count == 3, "MaxPool2D needs [height, width, channels] input, got \(inputShape)")
        self.inputShape = inputShape
        return [inputShape[0] / size, inputShape[1] / size, inputShape[2]]
    }

    public func callAsFunction(_ input: consuming Tensor) -> Tensor {
        pool(input, recordingArgmax: false).output
    }

    public mutating func forward(_ input: Tensor, context: inout TrainingContext) -> Tensor {
        let (output, argmax) = pool(input, recordingArgmax: true)
        cachedArgmax = argmax
        cachedBatch = input.batchSize
        return output
    }

    /// The pooled output and, for training, where each maximum came from (empty otherwise).
    private func pool(_ input: Tensor, recordingArgmax: Bool) -> (output: Tensor, argmax: [Int32]) {
        let (h, w, c) = (inputShape[0], inputShape[1], inputShape[2])
        let (oh, ow) = (h / size, w / size)
        let batch = input.batchSize
        var output = [Float](repeating: -.infinity, count: batch * oh * ow * c)
        var argmax = [Int32](repeating: 0, count: recordingArgmax ? output.count : 0)
        input.scalars.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                argmax.withUnsafeMutableBufferPointer { argmax in
                    for n in 0..<batch {
                        for oy in 0..<oh {
                            for ox in 0..<ow {
                                let o = ((n * oh + oy) * ow + ox) * c
                                for dy in 0..<size {
                                    for dx in 0..<size {
                                        let i = ((n * h + oy * size + dy) * w + ox * size + dx) * c
                                        if recordingArgmax {
                                            for ch in 0..<c where x[i + ch] > y[o + ch] {
                                                y[o + ch] = x[i + ch]
                                                argmax[o + ch] = Int32(i + ch)
                                            }
                                        } else {
                                            for ch in 0..<c { y[o + ch] = max(y[o + ch], x[i + ch]) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (Tensor(shape: [batch, oh, ow, c], scalars: output), argmax)
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        var dX = [Float](repeating: 0, count: cachedBatch * inputShape.reduce(1, *))
        dX.withUnsafeMutableBufferPointer { dx in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                cachedArgmax.withUnsafeBufferPointer { argmax in
                    for o in argmax.indices { dx[Int(argmax[o])] += dy[o] }
                }
            }
        }
        return Tensor(shape: [cachedBatch] + inputShape, scalars: dX)
    }
}
