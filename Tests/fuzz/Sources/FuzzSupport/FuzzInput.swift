/// What libFuzzer hands a target, in the shapes the readers take.
public enum FuzzInput {
    /// The input's bytes (libFuzzer passes a null pointer for the empty input).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// The input split at its first newline: a header value (e.g. a `Content-Type`) and the
    /// body after it, so one input chooses both. No newline: an empty header and the whole input.
    public static func headerAndBody(_ bytes: [UInt8]) -> (header: String, body: [UInt8]) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return ("", bytes) }
        return (String(decoding: bytes[..<newline], as: UTF8.self), Array(bytes[(newline + 1)...]))
    }
}

extension FuzzInput {
    /// Strokes from pairs of little-endian 32-bit floats; a pair with a NaN ends a stroke.
    public static func strokes(fromCoordinates bytes: [UInt8]) -> [[SIMD2<Float>]] {
        var strokes: [[SIMD2<Float>]] = [[]]
        var offset = 0
        while offset + 8 <= bytes.count {
            let point = SIMD2(float(bytes, at: offset), float(bytes, at: offset + 4))
            offset += 8
            if point.x.isNaN || point.y.isNaN {
                if !(strokes.last?.isEmpty ?? true) { strokes.append([]) }
            } else {
                strokes[strokes.count - 1].append(point)
            }
        }
        return strokes.filter { !$0.isEmpty }
    }

    private static func float(_ bytes: [UInt8], at offset: Int) -> Float {
        var bits: UInt32 = 0
        for index in 0..<4 { bits |= UInt32(bytes[offset + index]) << (8 * index) }
        return Float(bitPattern: bits)
    }
}
