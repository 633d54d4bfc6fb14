import CZlib

/// Writes 8-bit RGBA PNGs like a browser canvas's `toDataURL()`, so measurements can send
/// synthetic canvases through exactly the decoder real uploads take.
///
/// `PNGEncoder` writes greyscale only (all the server needs to show the model's input). A canvas
/// upload carries an alpha channel, and compositing it is part of what the full path must prove,
/// so evaluation needs real RGBA files. Rows are filtered adaptively (the heuristic libpng and
/// browsers use) so the decoder does the same unfiltering work as on a browser's file.
public struct RGBAPNGEncoder: Sendable {
    /// zlib level, 0...9 (browsers use about 6).
    public var compressionLevel: Int32

    /// An encoder with browser-like compression.
    public init(compressionLevel: Int32 = 6) {
        self.compressionLevel = compressionLevel
    }

    /// PNG bytes for `image`, with its straight alpha kept.
    public func encode(_ image: RasterImage) throws(PNGEncodingError) -> [UInt8] {
        let width = image.width
        let height = image.height
        guard width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidSize(width: width, height: height, pixelCount: width * height)
        }
        let filtered = Self.filterRows(image.pixels, width: width, height: height)
        var compressedLength = compressBound(uLong(filtered.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compressed.withUnsafeMutableBufferPointer { output in
            filtered.withUnsafeBufferPointer { input in
                compress2(output.baseAddress, &compressedLength, input.baseAddress, uLong(input.count), compressionLevel)
            }
        }
        guard status == Z_OK else { throw .failed("zlib compress2 returned \(status)") }
        compressed.removeSubrange(Int(compressedLength)...)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        Self.appendBigEndian(UInt32(width), to: &header)
        Self.appendBigEndian(UInt32(height), to: &header)
        // Bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, not interlaced.
        header += [8, 6, 0, 0, 0]
        Self.appendChunk("IHDR", header, to: &png)
        Self.appendChunk("IDAT", compressed, to: &png)
        Self.appendChunk("IEND", [], to: &png)
        return png
    }

    /// Each row prefixed by the filter type that minimises the sum of absolute filtered values
    /// (PNG's recommended heuristic), then filtered. Raw pointers keep this a few hundred
    /// microseconds for a canvas: evaluations encode tens of thousands of them.
    private static func filterRows(_ pixels: [UInt8], width: Int, height: Int) -> [UInt8] {
        let stride = 4 * width
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: 5 * stride)
        defer { scratch.deallocate() }
        return [UInt8](unsafeUninitializedCapacity: height * (stride + 1)) { output, initialized in
            pixels.withUnsafeBufferPointer { pixels in
                let base = pixels.baseAddress!
                for y in 0..<height {
                    let row = base + y * stride
                    let above: UnsafePointer<UInt8>? = y > 0 ? row - stride : nil
                    var bestType = 0
                    var bestCost = Int.max
                    for type in 0...4 {
                        let filtered = scratch + type * stride
                        filter(type: type, row: row, above: above, stride: stride, into: filtered)
                        var cost = 0
                        for x in 0..<stride {
                            let value = Int(filtered[x])
                            cost += value < 128 ? value : 256 - value
                        }
                        if cost < bestCost {
                            bestCost = cost
                            bestType = type
                        }
                    }
                    let start = y * (stride + 1)
                    output[start] = UInt8(bestType)
                    (output.baseAddress! + start + 1).initialize(from: scratch + bestType * stride, count: stride)
                }
            }
            initialized = height * (stride + 1)
        }
    }

    /// One row filtered with PNG filter `type` (0 none, 1 sub, 2 up, 3 average, 4 Paeth).
    private static func filter(
        type: Int, row: UnsafePointer<UInt8>, above: UnsafePointer<UInt8>?, stride: Int, into out: UnsafeMutablePointer<UInt8>
    ) {
        for x in 0..<stride {
            let left: UInt8 = x >= 4 ? row[x - 4] : 0
            let up: UInt8 = above?[x] ?? 0
            let predicted: UInt8
            switch type {
            case 0: predicted = 0
            case 1: predicted = left
            case 2: predicted = up
            case 3: predicted = UInt8((UInt16(left) + UInt16(up)) / 2)
            default: predicted = paeth(left, up, x >= 4 ? above?[x - 4] ?? 0 : 0)
            }
            out[x] = row[x] &- predicted
        }
    }

    private static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &png)
        let typeAndData = Array(type.utf8) + data
        png += typeAndData
        let checksum = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        appendBigEndian(UInt32(checksum), to: &png)
    }
}
