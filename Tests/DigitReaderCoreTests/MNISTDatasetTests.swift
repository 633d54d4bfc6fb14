import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("MNIST loading")
struct MNISTDatasetTests {
    /// Writes a synthetic split (image and label files) into a fresh folder.
    static func writeTestSplit(images: [UInt8], labels: [UInt8]) throws -> URL {
        let directory = try TestData.temporaryDirectory()
        try Data(StoredGzip.encode(images)).write(to: directory.appendingPathComponent(MNISTDataset.File.testImages.rawValue))
        try Data(StoredGzip.encode(labels)).write(to: directory.appendingPathComponent(MNISTDataset.File.testLabels.rawValue))
        return directory
    }

    @Test("the real MNIST test split loads and verifies")
    func realTestSplit() throws {
        let test = try MNISTDataset(directory: TestData.mnistDirectory, split: .test)
        #expect(test.count == 10000)
        #expect(test.pixels.count == 10000 * 784)
        #expect(Set(test.labels) == Set(0...9))
        #expect(test.fileDigests[MNISTDataset.File.testImages.rawValue] == MNISTDataset.File.testImages.sha256)
        #expect(test.fileDigests[MNISTDataset.File.testLabels.rawValue] == MNISTDataset.File.testLabels.sha256)
    }

    @Test("a valid synthetic split loads with its labels")
    func syntheticSplit() throws {
        let directory = try Self.writeTestSplit(images: IDXBytes.images(count: 3), labels: IDXBytes.labels([4, 0, 9]))
        let data = try MNISTDataset(directory: directory, split: .test)
        #expect(data.labels == [4, 0, 9])
        #expect(data.image(1).pixels.allSatisfy { abs($0 - 7.0 / 255) < 1e-6 })
    }

    @Test("a truncated gzip file is rejected")
    func truncatedGzip() throws {
        let directory = try TestData.temporaryDirectory()
        let real = try Data(contentsOf: TestData.mnistDirectory.appendingPathComponent(MNISTDataset.File.testImages.rawValue))
        try real.prefix(real.count / 2).write(to: directory.appendingPathComponent(MNISTDataset.File.testImages.rawValue))
        try Data(contentsOf: TestData.mnistDirectory.appendingPathComponent(MNISTDataset.File.testLabels.rawValue))
            .write(to: directory.appendingPathComponent(MNISTDataset.File.testLabels.rawValue))
        let error = #expect(throws: MNISTError.self) { try MNISTDataset(directory: directory, split: .test) }
        guard case .corruptGzip = error else {
            Issue.record("expected corruptGzip, got \(String(describing: error))")
            return
        }
    }

    @Test("wrong magic, short content, bad dimensions, count mismatch and bad labels are rejected")
    func invalidContent() throws {
        let cases: [(images: [UInt8], labels: [UInt8])] = [
            (IDXBytes.images(count: 2, magic: 2049), IDXBytes.labels([1, 2])),
            (Array(IDXBytes.images(count: 2).dropLast(10)), IDXBytes.labels([1, 2])),
            (IDXBytes.images(count: 2, rows: 32, columns: 32), IDXBytes.labels([1, 2])),
            (IDXBytes.images(count: 2), IDXBytes.labels([1, 2, 3])),
            (IDXBytes.images(count: 2), IDXBytes.labels([1, 12])),
            (Array(IDXBytes.images(count: 2).prefix(9)), IDXBytes.labels([1, 2])),
        ]
        for (images, labels) in cases {
            let directory = try Self.writeTestSplit(images: images, labels: labels)
            #expect(throws: MNISTError.self) { try MNISTDataset(directory: directory, split: .test) }
        }
    }

    @Test("missing files name the download command")
    func missingFiles() throws {
        let error = #expect(throws: MNISTError.self) { try MNISTDataset(directory: TestData.temporaryDirectory(), split: .train) }
        #expect(error?.description.contains("download-mnist") == true)
    }

    @Test("verification accepts the canonical content and rejects anything else")
    func verification() throws {
        let labels = try MNISTDataset.decompressedFile(TestData.mnistDirectory.appendingPathComponent(MNISTDataset.File.testLabels.rawValue))
        #expect(try MNISTDataset.verify(labels, as: .testLabels) == MNISTDataset.File.testLabels.sha256)
        var altered = labels
        altered[100] ^= 1
        #expect(throws: MNISTError.self) { try MNISTDataset.verify(altered, as: .testLabels) }
    }

    @Test("the validation split is fixed, disjoint and complete")
    func split() {
        let data = MNISTDataset(pixels: (0..<(100 * 784)).map { UInt8(($0 / 784) % 256) }, labels: (0..<100).map { $0 % 10 })
        let (training, validation) = data.split(validationCount: 20)
        #expect(training.count == 80 && validation.count == 20)
        let trainingIDs = Set((0..<80).map { training.pixels[$0 * 784] })
        let validationIDs = Set((0..<20).map { validation.pixels[$0 * 784] })
        #expect(trainingIDs.isDisjoint(with: validationIDs))
        #expect(trainingIDs.union(validationIDs).count == 100)
        #expect(data.split(validationCount: 20).validation.pixels == validation.pixels)
    }
}
