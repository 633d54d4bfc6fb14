import DigitReaderCore
import DigitReaderTraining
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `digit-reader download-mnist`'s code path against a mirror on 127.0.0.1 serving the shared files.
@Suite("MNIST download")
struct MNISTDownloadTests {
    static var sharedMNIST: URL {
        if let path = ProcessInfo.processInfo.environment["DIGIT_READER_MNIST"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/mnist")
    }

    /// A mirror serving the shared MNIST files, with `alter` applied to the bytes it sends.
    static func mirror(alter: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }) -> some ApplicationProtocol {
        let router = Router()
        router.get("mnist/:file") { _, context -> Response in
            let name = try context.parameters.require("file")
            guard MNISTDataset.File(rawValue: name) != nil else { return Response(status: .notFound) }
            let bytes = alter([UInt8](try Data(contentsOf: sharedMNIST.appendingPathComponent(name))))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mnist-download-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("downloads, verifies and then keeps the four files")
    func downloads() async throws {
        let directory = try Self.temporaryDirectory()
        try await Self.mirror().test(.live) { client in
            let port = try #require(client.port)
            let downloader = MNISTDownloader(mirror: URL(string: "http://127.0.0.1:\(port)/mnist")!)
            try await downloader.download(to: directory)
            let test = try MNISTDataset(directory: directory, split: .test)
            #expect(test.count == 10000)
            let outcomes = OutcomeLog()
            try await downloader.download(to: directory) { _, outcome in outcomes.append(outcome) }
            #expect(outcomes.values == Array(repeating: .alreadyPresent, count: 4))
        }
    }

    @Test("a mirror serving altered content is rejected and nothing is written")
    func rejectsAlteredContent() async throws {
        let directory = try Self.temporaryDirectory()
        try await Self.mirror(alter: { Array($0.dropLast(100)) }).test(.live) { client in
            let port = try #require(client.port)
            let downloader = MNISTDownloader(mirror: URL(string: "http://127.0.0.1:\(port)/mnist")!)
            await #expect(throws: MNISTDownloadError.self) { try await downloader.download(to: directory) }
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(written.isEmpty, "left behind: \(written)")
    }

    @Test("a missing file on the mirror is an HTTP error")
    func missingFile() async throws {
        let directory = try Self.temporaryDirectory()
        try await Self.mirror().test(.live) { client in
            let port = try #require(client.port)
            let downloader = MNISTDownloader(mirror: URL(string: "http://127.0.0.1:\(port)/elsewhere")!)
            await #expect(throws: MNISTDownloadError.self) { try await downloader.download(to: directory) }
        }
    }
}

/// Collects outcomes from the downloader's report callback.
final class OutcomeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [MNISTDownloader.Outcome] = []

    func append(_ outcome: MNISTDownloader.Outcome) {
        lock.withLock { stored.append(outcome) }
    }

    var values: [MNISTDownloader.Outcome] { lock.withLock { stored } }
}
