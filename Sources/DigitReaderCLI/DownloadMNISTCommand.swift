import ArgumentParser
import DigitReaderCore
import DigitReaderTraining
import Foundation

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
    var mirror = MNISTDownloader.defaultMirror.absoluteString

    func run() async throws {
        guard let base = URL(string: mirror), base.scheme == "http" || base.scheme == "https" else {
            throw ValidationError("--mirror must be an http or https URL")
        }
        let directory = URL(fileURLWithPath: to)
        print("Downloading MNIST from \(base.absoluteString) into \(directory.path)")
        do {
            try await MNISTDownloader(mirror: base).download(to: directory) { file, outcome in
                switch outcome {
                case .alreadyPresent: print("\(file.rawValue): already present and verified")
                case let .downloaded(bytes): print("\(file.rawValue): \(bytes) bytes, sha256 verified")
                }
            }
        } catch {
            throw ValidationError(error.description)
        }
        print("MNIST is ready in \(directory.path)")
    }
}
