import DigitReaderCore
import Foundation
import Hummingbird

/// Builds the API's JSON responses, all with the same content type and encoding.
enum JSONResponse {
    /// A response with `value` as its JSON body (keys sorted, so answers diff cleanly).
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let body: ByteBuffer
        do {
            body = ByteBuffer(bytes: try JSONFormatting.compact.encode(value))
        } catch {
            // Only a non-finite number can fail to encode; answer the documented 500 shape.
            return Response(status: .internalServerError, headers: fields, body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"internal_error","message":"The server could not encode its answer."}}"#)))
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: body))
    }
}
