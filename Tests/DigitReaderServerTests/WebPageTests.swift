import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The web page's static files: right content types, nothing outside the folder.
@Suite struct WebPageTests {
    /// A temporary web folder with a page, a script, a style sheet, a hidden file and a
    /// symlink pointing outside, next to a secret file that must never be served.
    struct Site {
        let base: URL
        var web: URL { base.appendingPathComponent("Web") }

        /// The content of the file outside the web folder.
        static let secret = "TOP-SECRET-CONTENT"

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("digit-reader-web-\(UUID().uuidString)")
            let web = base.appendingPathComponent("Web")
            try FileManager.default.createDirectory(at: web.appendingPathComponent("img"), withIntermediateDirectories: true)
            try Data("<!doctype html><title>Digit Reader</title>".utf8).write(to: web.appendingPathComponent("index.html"))
            try Data("console.log(7)".utf8).write(to: web.appendingPathComponent("app.js"))
            try Data("body{}".utf8).write(to: web.appendingPathComponent("style.css"))
            try Data([0x89, 0x50, 0x4E, 0x47]).write(to: web.appendingPathComponent("img/logo.png"))
            try Data("token".utf8).write(to: web.appendingPathComponent(".env"))
            try Data(Self.secret.utf8).write(to: base.appendingPathComponent("secret.txt"))
            try FileManager.default.createSymbolicLink(
                at: web.appendingPathComponent("escape.txt"), withDestinationURL: base.appendingPathComponent("secret.txt"))
        }

        func remove() { try? FileManager.default.removeItem(at: base) }
    }

    @Test(arguments: [
        ("/", "text/html; charset=utf-8", "<!doctype html>"),
        ("/index.html", "text/html; charset=utf-8", "<!doctype html>"),
        ("/app.js", "text/javascript; charset=utf-8", "console.log"),
        ("/style.css", "text/css; charset=utf-8", "body"),
        ("/img/logo.png", "image/png", "PNG"),
        ("/img/../app.js", "text/javascript; charset=utf-8", "console.log"),
    ])
    func servesFilesWithTheirContentTypes(path: String, type: String, start: String) async throws {
        let site = try Site()
        defer { site.remove() }
        try await TestServer.app(webDirectory: site.web).test(.router) { client in
            let response = try await client.execute(uri: path, method: .get)
            if path.contains("..") {
                // Clients normalise dot segments before sending; the server must refuse them raw.
                #expect(response.status == .notFound)
                return
            }
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == type)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(String(buffer: response.body).contains(start))
        }
    }

    @Test(arguments: [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/img/%2e%2e/%2e%2e/secret.txt",
        "/.env", "/escape.txt", "/missing.js", "/img", "/..%5csecret.txt", "/%00", "/%zz",
    ])
    func refusesEverythingOutsideTheFolder(path: String) async throws {
        let site = try Site()
        defer { site.remove() }
        try await TestServer.app(webDirectory: site.web).test(.router) { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .notFound)
            #expect(!String(buffer: response.body).contains(Site.secret))
            #expect(try TestServer.decode(ErrorEnvelope.self, response).error.code == "not_found")
        }
    }

    @Test func withoutAWebPageTheRootSaysSo() async throws {
        try await TestServer.app(webDirectory: nil).test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .notFound)
            #expect(try TestServer.decode(ErrorEnvelope.self, response).error.code == "web_page_missing")
        }
    }

    @Test func locatesTheWebFolder() throws {
        let site = try Site()
        defer { site.remove() }
        #expect(try WebAssets.locate(explicit: site.web.path)?.path == site.web.path)
        #expect(try WebAssets.locate(explicit: nil, currentDirectory: site.base.path)?.standardizedFileURL.path == site.web.standardizedFileURL.path)
        #expect(throws: WebDirectoryError.self) { try WebAssets.locate(explicit: site.base.appendingPathComponent("nope").path) }
    }
}
