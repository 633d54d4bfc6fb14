import Foundation
import Hummingbird

/// The API's published contract, `openapi.json` beside this file: an OpenAPI 3.1 document of
/// every route, body, answer and error code, served as it is at `GET /openapi.json`.
///
/// It is kept by hand next to the code it describes; tests check that it names every route of
/// `Route.api` and nothing else, that it is valid, and that the live server answers as it says.
public struct OpenAPIDocument: Sendable {
    /// The document's bytes, `nil` when the installation lacks the resource.
    public let bytes: [UInt8]?

    /// Reads the document bundled with the server.
    public init() {
        bytes = Bundle.module.url(forResource: "openapi", withExtension: "json")
            .flatMap { try? Data(contentsOf: $0) }
            .map { Array($0) }
    }

    /// The document as served.
    func response() throws(APIError) -> Response {
        guard let bytes else {
            throw .internalFailure("The server's installation lacks its OpenAPI document (openapi.json in the DigitReaderServer resources).")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
