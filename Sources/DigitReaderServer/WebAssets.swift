import Foundation
import Hummingbird

/// Serves the web page's files from one folder, and nothing outside it.
///
/// Paths are percent-decoded, then refused if any segment is `..`, `.`, hidden (`.git`) or holds
/// a backslash or NUL, and the resolved file (symlinks followed) must still lie inside the
/// folder. Files are read on each request so page edits show without a restart; they are small.
public struct WebAssets: Sendable {
    /// The folder served, symlinks resolved; `nil` when no web page is installed.
    public let root: URL?

    /// Serves `root` (or nothing).
    public init(root: URL?) {
        self.root = root?.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The `Web/` folder of the source tree this file was compiled from.
    static let sourceTreeWebDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DigitReaderServer
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Web")

    /// Where the web page is: `explicit` when given (it must exist), else `Web/` in the current
    /// folder, else `Web/` in the source tree, whichever first holds an `index.html`.
    public static func locate(explicit: String?, currentDirectory: String = FileManager.default.currentDirectoryPath) throws(WebDirectoryError) -> URL? {
        if let explicit {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: explicit, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw WebDirectoryError(path: explicit)
            }
            return URL(fileURLWithPath: explicit, isDirectory: true)
        }
        let candidates = [
            URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent("Web"),
            sourceTreeWebDirectory,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("index.html").path) }
    }

    /// The response for a GET of `path`: the file, or a JSON 404.
    public func response(for path: String) throws(APIError) -> Response {
        guard let root else { throw path == "/" || path == "/index.html" ? .webPageMissing : .notFound(path) }
        guard let file = resolve(path, in: root) else { throw .notFound(path) }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw .notFound(path) }
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType(of: file)
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The `Content-Type` of a web file, from Hummingbird's table of extensions; text gets
    /// `charset=utf-8`. The page is served with `nosniff`, so the type must be right: a browser
    /// refuses a script or style sheet sent as anything else.
    static func contentType(of file: URL) -> String {
        guard let media = MediaType.getMediaType(forExtension: file.pathExtension.lowercased()) else {
            return "application/octet-stream"
        }
        let isText = media.type == .text || media.subType == "json"
        return isText ? "\(media); charset=utf-8" : media.description
    }

    /// The regular file `path` names inside `root`, or `nil` when it is unsafe or absent.
    /// A folder means its `index.html`.
    func resolve(_ path: String, in root: URL) -> URL? {
        guard let decoded = path.removingPercentEncoding else { return nil }
        var url = root
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            guard segment != "..", segment != ".", !segment.hasPrefix("."),
                  !segment.contains("\\"), !segment.contains("\0")
            else { return nil }
            url.appendPathComponent(String(segment))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            url.appendPathComponent("index.html")
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        }
        let resolved = url.resolvingSymlinksInPath().path
        guard resolved.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/") else { return nil }
        return URL(fileURLWithPath: resolved)
    }
}
