import Foundation

/// The binary format of a trained model's tensors.
///
/// Layout (all integers little-endian):
/// ```
/// "DRWT"                      4-byte magic
/// version: UInt32             currently 1
/// idLength: UInt16, id        the model id, UTF-8 (a file for one model cannot load into another)
/// tensorCount: UInt32
/// per tensor: rank: UInt8, dims: rank x UInt32
/// values: Float32 x total     every tensor's values, row-major, in the order above
/// crc32: UInt32               of every byte before it
/// ```
/// Loading checks every field against the network it loads into, so a wrong, truncated or
/// corrupt file fails with a clear message instead of producing a model that guesses.
public enum WeightFile {
    static let magic: [UInt8] = Array("DRWT".utf8)
    static let version: UInt32 = 1

    /// Serialises `network`'s parameters and buffers under `modelID`.
    public static func encode(_ network: Network, modelID: String) -> [UInt8] {
        var bytes = magic
        bytes.appendLittleEndian(version)
        let id = Array(modelID.utf8)
        bytes.appendLittleEndian(UInt16(id.count))
        bytes += id
        let tensors = network.storedTensors
        bytes.appendLittleEndian(UInt32(tensors.count))
        for tensor in tensors {
            bytes.append(UInt8(tensor.shape.count))
            for dimension in tensor.shape { bytes.appendLittleEndian(UInt32(dimension)) }
        }
        for tensor in tensors {
            for value in tensor.scalars { bytes.appendLittleEndian(value.bitPattern) }
        }
        bytes.appendLittleEndian(CRC32.checksum(bytes))
        return bytes
    }

    /// Writes the weights atomically (a half-written file never replaces a good one).
    public static func write(_ network: Network, modelID: String, to url: URL) throws {
        try Data(encode(network, modelID: modelID)).write(to: url, options: .atomic)
    }

    /// Reads weights for `modelID` from `url` into a copy of `network`.
    public static func load(into network: Network, modelID: String, from url: URL) throws(WeightFileError) -> Network {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            return try decode([UInt8](data), into: network, modelID: modelID)
        } catch {
            throw .invalid(path: url.path, problem: error)
        }
    }

    /// Decodes weights for `modelID` into a copy of `network`.
    public static func decode(_ bytes: [UInt8], into network: Network, modelID: String) throws(WeightFileProblem) -> Network {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { throw .notAWeightFile }
        reader.offset = 4
        guard bytes.count >= 8 else { throw .truncated }
        let fileVersion: UInt32 = try reader.read()
        guard fileVersion == version else { throw .unsupportedVersion(fileVersion) }
        guard bytes.count >= 4 + 4 + 4 else { throw .truncated }
        guard CRC32.checksum(bytes[..<(bytes.count - 4)]) == UInt32(littleEndianBytes: bytes[(bytes.count - 4)...]) else {
            throw .checksumMismatch
        }
        let idLength: UInt16 = try reader.read()
        let idBytes = try reader.readBytes(Int(idLength))
        let fileID = String(decoding: idBytes, as: UTF8.self)
        guard fileID == modelID else { throw .wrongModel(expected: modelID, found: fileID) }
        let expected = network.storedTensors
        let count: UInt32 = try reader.read()
        guard Int(count) == expected.count else { throw .shapeMismatch("\(count) tensors, the model has \(expected.count)") }
        for (index, tensor) in expected.enumerated() {
            let rank: UInt8 = try reader.read()
            var shape: [Int] = []
            for _ in 0..<rank {
                let dimension: UInt32 = try reader.read()
                shape.append(Int(dimension))
            }
            guard shape == tensor.shape else {
                throw .shapeMismatch("tensor \(index) is \(shape), the model needs \(tensor.shape)")
            }
        }
        var loaded: [Tensor] = []
        for tensor in expected {
            let raw = try reader.readBytes(tensor.count * 4)
            var values = [Float](repeating: 0, count: tensor.count)
            values.withUnsafeMutableBytes { destination in
                raw.withUnsafeBytes { destination.copyMemory(from: $0) }
            }
            #if _endian(big)
            values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
            #endif
            guard values.allSatisfy(\.isFinite) else { throw .nonFiniteValues }
            loaded.append(Tensor(shape: tensor.shape, scalars: values))
        }
        guard reader.offset == bytes.count - 4 else { throw .trailingBytes }
        var result = network
        result.storedTensors = loaded
        return result
    }
}

/// Why a weight file could not be used.
public enum WeightFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    case invalid(path: String, problem: WeightFileProblem)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "cannot read weight file \(path): \(reason)"
        case let .invalid(path, problem):
            "weight file \(path) is unusable: \(problem)"
        }
    }
}

/// What is wrong inside a weight file.
public enum WeightFileProblem: Error, CustomStringConvertible, Sendable, Equatable {
    case notAWeightFile
    case unsupportedVersion(UInt32)
    case truncated
    case checksumMismatch
    case wrongModel(expected: String, found: String)
    case shapeMismatch(String)
    case nonFiniteValues
    case trailingBytes

    public var description: String {
        switch self {
        case .notAWeightFile: "it does not start with the DRWT magic, so it is not a Digit Reader weight file"
        case let .unsupportedVersion(version): "format version \(version) is not supported (expected \(WeightFile.version))"
        case .truncated: "the file ends early (truncated); retrain or restore it"
        case .checksumMismatch: "the checksum does not match, so the file is corrupt or truncated; retrain or restore it"
        case let .wrongModel(expected, found): "it holds weights for '\(found)', not '\(expected)'"
        case let .shapeMismatch(detail): "its shapes do not fit the model: \(detail)"
        case .nonFiniteValues: "it contains NaN or infinite values"
        case .trailingBytes: "it has unexpected bytes after the last tensor"
        }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func readBytes(_ count: Int) throws(WeightFileProblem) -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count - 4 else { throw .truncated }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func read<Value: FixedWidthInteger>() throws(WeightFileProblem) -> Value {
        Value(littleEndianBytes: try readBytes(MemoryLayout<Value>.size))
    }
}

extension FixedWidthInteger {
    init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        self = bytes.reversed().reduce(0) { ($0 << 8) | Self($1) }
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        for shift in stride(from: 0, to: Value.bitWidth, by: 8) {
            append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }
}
