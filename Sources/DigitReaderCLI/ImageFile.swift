import DigitReaderCore
import Foundation

/// An image file named on the command line, read and decoded exactly as the server decodes an
/// upload, or why it could not be.
enum ImageFile {
    /// Why a file gave no picture: a sentence for people and a stable code for `--json`.
    struct Failure: Error {
        let message: String
        let code: String
    }

    static func decode(_ path: String, with decoder: ImageDecoder) -> Result<RasterImage, Failure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Failure(message: "no such file", code: "file_not_found"))
        }
        guard !isDirectory.boolValue else {
            return .failure(Failure(message: "is a folder, not an image file", code: "not_a_file"))
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return .failure(Failure(message: "cannot be read (\((error as NSError).localizedDescription))", code: "unreadable_file"))
        }
        do {
            return .success(try decoder.decode(bytes))
        } catch {
            return .failure(Failure(message: error.description, code: error.code))
        }
    }
}
