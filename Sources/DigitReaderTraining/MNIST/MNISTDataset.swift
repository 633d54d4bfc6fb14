import DigitReaderCore
import Crypto
import Foundation

/// MNIST images and labels read from the canonical IDX gzip files.
public struct MNISTDataset: Sendable {
    /// The four canonical file names.
    public enum File: String, CaseIterable, Sendable {
        case trainImages = "train-images-idx3-ubyte.gz"
        case trainLabels = "train-labels-idx1-ubyte.gz"
        case testImages = "t10k-images-idx3-ubyte.gz"
        case testLabels = "t10k-labels-idx1-ubyte.gz"

        /// sha256 of the decompressed content of the canonical file.
        public var sha256: String {
            switch self {
            case .trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"
            case .trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
            case .testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"
            case .testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"
            }
        }
    }

    /// Which half of MNIST.
    public enum Split: String, Sendable {
        case train, test

        var files: (images: File, labels: File) {
            switch self {
            case .train: (.trainImages, .trainLabels)
            case .test: (.testImages, .testLabels)
            }
        }
    }

    /// Raw pixels, 784 bytes per image, 0 background to 255 ink.
    public let pixels: [UInt8]
    public let labels: [Int]
    /// sha256 of each decompressed file this data came from, by file name (empty for synthetic data).
    public let fileDigests: [String: String]

    public var count: Int { labels.count }

    /// The `index`-th image as a recognizer input.
    public func image(_ index: Int) -> DigitImage {
        DigitImage(bytes: pixels[(index * DigitImage.pixelCount)..<((index + 1) * DigitImage.pixelCount)])
    }

    /// Wraps already-decoded data (tests use small synthetic sets).
    public init(pixels: [UInt8], labels: [Int]) {
        precondition(pixels.count == labels.count * DigitImage.pixelCount)
        self.pixels = pixels
        self.labels = labels
        self.fileDigests = [:]
    }

    /// Reads one split from `directory`, validating magic numbers, counts and sizes.
    public init(directory: URL, split: Split) throws(MNISTError) {
        let imageBytes = try Self.decompressedFile(directory.appendingPathComponent(split.files.images.rawValue))
        let labelBytes = try Self.decompressedFile(directory.appendingPathComponent(split.files.labels.rawValue))
        let imagePath = directory.appendingPathComponent(split.files.images.rawValue).path
        let labelPath = directory.appendingPathComponent(split.files.labels.rawValue).path
        let images = try IDX.parse(imageBytes, path: imagePath, magic: 2051, itemShape: [28, 28])
        let labels = try IDX.parse(labelBytes, path: labelPath, magic: 2049, itemShape: [])
        guard images.count == labels.count else { throw .countMismatch(images: images.count, labels: labels.count) }
        if let bad = labels.data.first(where: { $0 > 9 }) { throw .badLabel(path: labelPath, value: bad) }
        self.pixels = Array(images.data)
        self.labels = labels.data.map(Int.init)
        self.fileDigests = [
            split.files.images.rawValue: Self.sha256(imageBytes),
            split.files.labels.rawValue: Self.sha256(labelBytes),
        ]
    }

    /// The decompressed content of one file.
    public static func decompressedFile(_ url: URL) throws(MNISTError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missingFile(path: url.path) }
        let compressed: [UInt8]
        do {
            compressed = [UInt8](try Data(contentsOf: url))
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            return try Gzip.decompress(compressed)
        } catch {
            throw .corruptGzip(path: url.path, reason: error.reason)
        }
    }
}

/// The IDX container: big-endian magic, counts, then bytes.
enum IDX {
    struct Parsed {
        let count: Int
        let data: ArraySlice<UInt8>
    }

    static func parse(_ bytes: [UInt8], path: String, magic: UInt32, itemShape: [Int]) throws(MNISTError) -> Parsed {
        let headerLength = 4 * (2 + itemShape.count)
        guard bytes.count >= headerLength else { throw .badHeader(path: path, reason: "only \(bytes.count) bytes") }
        func word(_ index: Int) -> UInt32 {
            bytes[(index * 4)..<(index * 4 + 4)].reduce(0) { ($0 << 8) | UInt32($1) }
        }
        guard word(0) == magic else { throw .wrongMagic(path: path, found: word(0), expected: magic) }
        let count = Int(word(1))
        for (index, expected) in itemShape.enumerated() where Int(word(2 + index)) != expected {
            throw .badHeader(path: path, reason: "dimension \(index + 1) is \(word(2 + index)), expected \(expected)")
        }
        let expectedBytes = headerLength + count * itemShape.reduce(1, *)
        guard bytes.count == expectedBytes else { throw .sizeMismatch(path: path, expectedBytes: expectedBytes, actualBytes: bytes.count) }
        return Parsed(count: count, data: bytes[headerLength...])
    }
}

extension MNISTDataset {
    /// Checks one decompressed file against the canonical sha256 and returns the digest.
    @discardableResult
    public static func verify(_ content: [UInt8], as file: File) throws(MNISTError) -> String {
        let digest = sha256(content)
        guard digest == file.sha256 else { throw .checksumMismatch(file: file.rawValue, expected: file.sha256, actual: digest) }
        return digest
    }

    /// Hex sha256 of `content`.
    public static func sha256(_ content: [UInt8]) -> String {
        SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
    }
}
