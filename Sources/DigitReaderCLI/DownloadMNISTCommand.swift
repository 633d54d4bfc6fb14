import ArgumentParser
import DigitReaderCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `digit-reader download-mnist`: fetches the four MNIST files and verifies their content.
struct DownloadMNISTCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download-mnist",
        abstract: "Download MNIST and verify the sha256 of each file's decompressed content.",
        discussion: "Files already present and valid are kept. A file that fails verification is not written."
    )

    @Option(help: ArgumentHelp("Folder to write the .gz files to.", valueName: "dir"))
    var to = "data/mnist"

    @Option(help: ArgumentHelp("Base URL of the mirror (the files are fetched as <mirror>/<file name>).", valueName: "url"))
    var mirror = "https://storage.googleapis.com/cvdf-datasets/mnist"

    func run() async throws {
        guard let base = URL(string: mirror), base.scheme == "http" || base.scheme == "https" else {
            throw ValidationError("--mirror must be an http or https URL")
        }
        let directory = URL(fileURLWithPath: to)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in MNISTDataset.File.allCases {
            let destination = directory.appendingPathComponent(file.rawValue)
            if let existing = try? MNISTDataset.decompressedFile(destination), (try? MNISTDataset.verify(existing, as: file)) != nil {
                print("\(file.rawValue): already present and verified")
                continue
            }
            let url = base.appendingPathComponent(file.rawValue)
            print("\(file.rawValue): downloading \(url.absoluteString)")
            let (body, response) = try await URLSession.shared.data(from: url)
            if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                throw ValidationError("\(url.absoluteString) answered HTTP \(http.statusCode)")
            }
            let temporary = directory.appendingPathComponent(".\(file.rawValue).partial")
            try body.write(to: temporary)
            defer { try? FileManager.default.removeItem(at: temporary) }
            do {
                try MNISTDataset.verify(try MNISTDataset.decompressedFile(temporary), as: file)
            } catch {
                throw ValidationError("\(file.rawValue) from \(url.absoluteString) failed verification: \(error.description)")
            }
            _ = try FileManager.default.replaceItemAt(destination, withItemAt: temporary)
            print("\(file.rawValue): \(body.count) bytes, sha256 verified")
        }
        print("MNIST is ready in \(directory.path)")
    }
}
