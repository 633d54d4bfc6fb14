/// Separable resampling of single-channel float images that keeps edges grey the way MNIST's are:
/// area averaging (a box filter with exact fractional coverage) when shrinking, bilinear when
/// enlarging. Outside the source region counts as no ink, so borders fade instead of smearing.
enum AreaResampler {
    /// Taps for one axis: output index `o` reads `count[o]` source indices from `start[o]`.
    private struct Taps {
        var start: [Int] = []
        var count: [Int] = []
        var index: [Int] = []
        var weight: [Float] = []

        init(sourceLength: Int, outputLength: Int, scale: Float) {
            start.reserveCapacity(outputLength)
            count.reserveCapacity(outputLength)
            for output in 0..<outputLength {
                start.append(index.count)
                if scale <= 1 {
                    let from = Float(output) / scale
                    let to = Float(output + 1) / scale
                    var source = max(0, Int(from))
                    let last = min(sourceLength - 1, Int((to - 1e-4).rounded(.down)))
                    while source <= last {
                        let overlap = min(to, Float(source + 1)) - max(from, Float(source))
                        if overlap > 0 {
                            index.append(source)
                            weight.append(overlap * scale)
                        }
                        source += 1
                    }
                } else {
                    let position = (Float(output) + 0.5) / scale - 0.5
                    let lower = Int(position.rounded(.down))
                    let fraction = position - Float(lower)
                    if lower >= 0 && lower < sourceLength {
                        index.append(lower)
                        weight.append(1 - fraction)
                    }
                    if lower + 1 >= 0 && lower + 1 < sourceLength {
                        index.append(lower + 1)
                        weight.append(fraction)
                    }
                }
                count.append(index.count - start[output])
            }
        }
    }

    /// Resamples the `region` of `source` (row stride `sourceWidth`) by `scale` into an image of
    /// `outputWidth x outputHeight`, surrounded by `padding` empty pixels on every side.
    static func resample(
        _ source: UnsafeBufferPointer<Float>, sourceWidth: Int, region: PixelRegion, scale: Float,
        outputWidth: Int, outputHeight: Int, padding: Int = 0
    ) -> [Float] {
        let horizontal = Taps(sourceLength: region.width, outputLength: outputWidth, scale: scale)
        let vertical = Taps(sourceLength: region.height, outputLength: outputHeight, scale: scale)
        var rows = [Float](repeating: 0, count: region.height * outputWidth)
        rows.withUnsafeMutableBufferPointer { rows in
            horizontal.start.withUnsafeBufferPointer { start in
                horizontal.count.withUnsafeBufferPointer { count in
                    horizontal.index.withUnsafeBufferPointer { index in
                        horizontal.weight.withUnsafeBufferPointer { weight in
                            for y in 0..<region.height {
                                let sourceRow = (region.y + y) * sourceWidth + region.x
                                let outputRow = y * outputWidth
                                for x in 0..<outputWidth {
                                    var sum: Float = 0
                                    let first = start[x]
                                    for tap in first..<(first + count[x]) {
                                        sum += weight[tap] * source[sourceRow + index[tap]]
                                    }
                                    rows[outputRow + x] = sum
                                }
                            }
                        }
                    }
                }
            }
        }
        let paddedWidth = outputWidth + 2 * padding
        var output = [Float](repeating: 0, count: paddedWidth * (outputHeight + 2 * padding))
        rows.withUnsafeBufferPointer { rows in
            output.withUnsafeMutableBufferPointer { output in
                for y in 0..<outputHeight {
                    let outputRow = (y + padding) * paddedWidth + padding
                    let first = vertical.start[y]
                    for tap in first..<(first + vertical.count[y]) {
                        let w = vertical.weight[tap]
                        let sourceRow = vertical.index[tap] * outputWidth
                        for x in 0..<outputWidth {
                            output[outputRow + x] += w * rows[sourceRow + x]
                        }
                    }
                }
            }
        }
        return output
    }
}
