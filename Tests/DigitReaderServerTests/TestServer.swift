import DigitReaderCore
import DigitReaderServer
import DigitReaderStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// Builds the application under test and reads its JSON answers.
enum TestServer {
    /// A quiet logger: request lines would drown the test output.
    static var logger: Logger {
        var logger = Logger(label: "digit-reader-test")
        logger.logLevel = .warning
        return logger
    }

    /// The server with the test registry, optionally serving `webDirectory`.
    static func app(
        webDirectory: URL? = nil, maxBodyBytes: Int = 2 * 1024 * 1024, port: Int = 0, ensembleMethod: EnsembleSettings.Method = .mean
    ) throws -> DigitReaderApplication.App {
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: port, webDirectory: webDirectory, maxBodyBytes: maxBodyBytes, workerCount: 2)
        return DigitReaderApplication.make(registry: try TestRegistry.make(ensembleMethod: ensembleMethod), configuration: configuration, logger: logger)
    }

    /// The server with the test registry (or `registry`, reading numbers with `verifier`),
    /// keeping corrections in `store`, with the admin routes when `adminToken` is set and
    /// `reload` as its way to load models again.
    static func feedbackApp(
        store: (any FeedbackStore)? = nil, registry: RecognizerRegistry? = nil, verifier: WholeDigitVerifier? = nil, adminToken: String? = nil,
        reload: ModelReloader.Loader? = nil
    ) throws -> DigitReaderApplication.App {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, workerCount: 2, adminToken: adminToken)
        return DigitReaderApplication.make(
            registry: try registry ?? TestRegistry.make(), configuration: configuration, logger: logger, feedback: store, reload: reload,
            verifier: verifier)
    }

    /// Headers with a content type and more fields.
    static func headers(_ contentType: String, _ fields: [(HTTPField.Name, String)]) -> HTTPFields {
        var headers = Self.contentType(contentType)
        for (name, value) in fields { headers[name] = value }
        return headers
    }

    /// Decodes a response body as `T`.
    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }

    /// Headers with one content type.
    static func contentType(_ value: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = value
        return headers
    }

    /// A JSON body `{"image": "<text>"}`.
    static func jsonImage(_ text: String) -> ByteBuffer {
        ByteBuffer(string: #"{"image":"\#(text)"}"#)
    }

    /// A multipart/form-data body with the given file parts (boundary `XyZ`).
    static func multipart(_ parts: [(name: String, bytes: [UInt8])], boundary: String = "XyZ") -> ByteBuffer {
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"; filename=\"digit.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
            body += part.bytes
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    /// The original client's form body: `imageBase64=<percent-encoded data URL>`.
    static func legacyForm(_ dataURL: String) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: "imageBase64=" + dataURL.addingPercentEncoding(withAllowedCharacters: allowed)!)
    }
}
