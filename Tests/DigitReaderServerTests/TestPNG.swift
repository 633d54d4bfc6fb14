/// Writes the PNG files no normal encoder would produce, for the decoder's refusals: headers
/// that lie about the size, and huge images that compress to almost nothing. (Valid pictures
/// come from the project's own `PNGEncoder`.) Deflate uses fixed Huffman codes with run-length
/// matches, which is all these images need.
enum TestPNG {
    /// A black 1-bit greyscale PNG of any size, compressed to about 1/1600 of its pixel data:
    /// the shape of a decompression bomb.
    static func black(width: Int, height: Int) -> [UInt8] {
        let rawCount = height * (1 + (width + 7) / 8)
        return file(width: width, height: height, bitDepth: 1, colourType: 0, idat: zlibZeros(count: rawCount))
    }

    /// A PNG whose header claims `width` x `height` but whose data is a few bytes.
    static func lyingHeader(width: Int, height: Int) -> [UInt8] {
        file(width: width, height: height, bitDepth: 8, colourType: 6, idat: zlib([0, 0, 0, 0, 0]))
    }

    // MARK: - File structure

    private static func file(width: Int, height: Int, bitDepth: UInt8, colourType: UInt8, idat: [UInt8]) -> [UInt8] {
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [bitDepth, colourType, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", header) + chunk("IDAT", idat) + chunk("IEND", [])
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var c = UInt32(index)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    // MARK: - zlib / deflate

    private static func zlib(_ raw: [UInt8]) -> [UInt8] {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        var bits = BitWriter()
        bits.write(1, count: 1)  // final block
        bits.write(1, count: 2)  // fixed Huffman codes
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            bits.literal(byte)
            var run = 0
            while index + 1 + run < raw.count, raw[index + 1 + run] == byte { run += 1 }
            index += 1 + bits.repeatPrevious(run)
        }
        bits.symbol(256)
        return [0x78, 0x01] + bits.bytes + bigEndian(b << 16 | a)
    }

    /// zlib data of `count` zero bytes without building them.
    private static func zlibZeros(count: Int) -> [UInt8] {
        var bits = BitWriter()
        bits.write(1, count: 1)
        bits.write(1, count: 2)
        bits.literal(0)
        _ = bits.repeatPrevious(count - 1)
        bits.symbol(256)
        let b = UInt32(count % 65521)
        return [0x78, 0x01] + bits.bytes + bigEndian(b << 16 | 1)
    }

    /// Deflate's LSB-first bit stream with the fixed Huffman code.
    private struct BitWriter {
        private var written: [UInt8] = []
        private var current: UInt32 = 0
        private var filled = 0

        /// Everything written, the last byte padded with zero bits.
        var bytes: [UInt8] { filled == 0 ? written : written + [UInt8(current)] }

        mutating func write(_ value: UInt32, count: Int) {
            for bit in 0..<count {
                current |= ((value >> UInt32(bit)) & 1) << UInt32(filled)
                filled += 1
                if filled == 8 {
                    written.append(UInt8(current))
                    current = 0
                    filled = 0
                }
            }
        }

        /// A Huffman code, most significant bit first.
        mutating func code(_ value: UInt32, length: Int) {
            for bit in stride(from: length - 1, through: 0, by: -1) { write((value >> UInt32(bit)) & 1, count: 1) }
        }

        mutating func symbol(_ symbol: Int) {
            switch symbol {
            case 0...143: code(UInt32(0x30 + symbol), length: 8)
            case 144...255: code(UInt32(0x190 + symbol - 144), length: 9)
            case 256...279: code(UInt32(symbol - 256), length: 7)
            default: code(UInt32(0xC0 + symbol - 280), length: 8)
            }
        }

        mutating func literal(_ byte: UInt8) { symbol(Int(byte)) }

        private static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]

        /// Repeats the previous byte `count` times as distance-1 matches (plus literals for a
        /// remainder under 3); returns `count`.
        mutating func repeatPrevious(_ count: Int) -> Int {
            var left = count
            while left >= 3 {
                let length = min(left, 258)
                let index = Self.lengthBases.lastIndex { $0 <= length }!
                symbol(257 + index)
                write(UInt32(length - Self.lengthBases[index]), count: Self.lengthExtra[index])
                code(0, length: 5)  // distance code 0: distance 1
                left -= length
            }
            return count - left
        }
    }
}
