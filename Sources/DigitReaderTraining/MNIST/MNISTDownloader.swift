import DigitReaderCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches the four MNIST files from a mirror and keeps only content that verifies.
///
/// Mirrors repackage the gzip files (their headers differ), so what is checked is the sha256
/// of the decompressed content against the canonical values. A file that fails is never
/// written over a good one.
public struct MNISTDownloader: Sendable {
    /// A public mirror serving the files as `<mirror>/<file name>`.
    public static let defaultMirror = URL(string: "https://storage.googleapis.com/cvdf-datasets/mnist")!

    public let mirror: URL

    public init(mirror: URL = Self.defaultMirror) {
        self.mirror = mirror
    }

    /// What happened to one file.
    public enum Outcome: Sendable, Equatable {
        case alreadyPresent
        case downloaded(bytes: Int)
    }

    /// Downloads every file missing or invalid in `directory`; `report` hears about each file.
    public func download(to directory: URL, report: @Sendable (MNISTDataset.File, Outcome) -> Void = { _, _ in }) async throws(MNISTDownloadError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: directory.path, reason: error.localizedDescription)
        }
        for file in MNISTDataset.File.allCases {
            let destination = directory.appendingPathComponent(file.rawValue)
            if let existing = try? MNISTDataset.decompressedFile(destination), (try? MNISTDataset.verify(existing, as: file)) != nil {
                report(file, .alreadyPresent)
                continue
            }
            let url = mirror.appendingPathComponent(file.rawValue)
            let body: Data
            do {
                let (data, response) = try await URLSession.shared.data(from: url)
                if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                    throw MNISTDownloadError.httpStatus(url: url.absoluteString, status: http.statusCode)
                }
                body = data
            } catch let error as MNISTDownloadError {
                throw error
            } catch {
                throw .network(url: url.absoluteString, reason: error.localizedDescription)
            }
            let temporary = directory.appendingPathComponent(".\(file.rawValue).partial")
            defer { try? FileManager.default.removeItem(at: temporary) }
            do {
                try body.write(to: temporary)
            } catch {
                throw .cannotWrite(path: temporary.path, reason: error.localizedDescription)
            }
            do {
                try MNISTDataset.verify(try MNISTDataset.decompressedFile(temporary), as: file)
            } catch {
                throw .verificationFailed(url: url.absoluteString, problem: error)
            }
            // rename(2) replaces an existing file atomically: readers see the old or the new file.
            guard rename(temporary.path, destination.path) == 0 else {
                throw .cannotWrite(path: destination.path, reason: String(cString: strerror(errno)))
            }
            report(file, .downloaded(bytes: body.count))
        }
    }
}

/// Why MNIST could not be downloaded.
public enum MNISTDownloadError: Error, CustomStringConvertible, Sendable {
    case network(url: String, reason: String)
    case httpStatus(url: String, status: Int)
    case verificationFailed(url: String, problem: MNISTError)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .network(url, reason): "could not fetch \(url): \(reason)"
        case let .httpStatus(url, status): "\(url) answered HTTP \(status)"
        case let .verificationFailed(url, problem): "the file from \(url) failed verification and was not kept: \(problem)"
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        }
    }
}
