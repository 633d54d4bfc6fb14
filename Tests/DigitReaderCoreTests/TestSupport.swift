import DigitReaderCore
import DigitReaderTraining
import Foundation

/// Where the MNIST files are for tests: `$DIGIT_READER_MNIST`, else `../shared/datasets/mnist`
/// beside the repository (where CI puts it).
enum TestData {
    static var mnistDirectory: URL {
        if let path = ProcessInfo.processInfo.environment["DIGIT_READER_MNIST"] {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/datasets/mnist")
    }

    /// The pen digits: `$DIGIT_READER_PENDIGITS` (the file or its folder), else the shared copy.
    static var penDigitsFile: URL {
        dataset(variable: "DIGIT_READER_PENDIGITS", folder: "pendigits-dev", file: "pendigits-dev.jsonl")
    }

    /// The scanned digits: `$DIGIT_READER_OPTDIGITS` (the file or its folder), else the shared copy.
    static var optDigitsFile: URL {
        dataset(variable: "DIGIT_READER_OPTDIGITS", folder: "optdigits-dev", file: "optdigits-dev.jsonl")
    }

    private static func dataset(variable: String, folder: String, file: String) -> URL {
        if let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty {
            let url = URL(fileURLWithPath: path)
            return url.pathExtension == "jsonl" ? url : url.appendingPathComponent(file)
        }
        return mnistDirectory.deletingLastPathComponent().appendingPathComponent(folder).appendingPathComponent(file)
    }

    /// A fresh empty temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digit-reader-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Random values in -1...1 from a seed.
    static func randomValues(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextUniform() * 2 - 1 }
    }
}

/// Writes gzip files without zlib: stored (uncompressed) deflate blocks, so tests can craft
/// any IDX content, valid or not.
enum StoredGzip {
    static func encode(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let isLast = offset + count == data.count
            out.append(isLast ? 1 : 0)
            out += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        out += littleEndian(crc32(data)) + littleEndian(UInt32(truncatingIfNeeded: data.count))
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// Big-endian IDX content for synthetic MNIST-like files.
enum IDXBytes {
    static func images(count: Int, magic: UInt32 = 2051, rows: UInt32 = 28, columns: UInt32 = 28, pixels: [UInt8]? = nil) -> [UInt8] {
        bigEndian(magic) + bigEndian(UInt32(count)) + bigEndian(rows) + bigEndian(columns)
            + (pixels ?? [UInt8](repeating: 7, count: count * Int(rows * columns)))
    }

    static func labels(_ labels: [UInt8], magic: UInt32 = 2049) -> [UInt8] {
        bigEndian(magic) + bigEndian(UInt32(labels.count)) + labels
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
