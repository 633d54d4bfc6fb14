import Hummingbird

/// Builds the API's JSON responses, all with the same content type.
enum JSONResponse {
    /// A response with `value` as its JSON body.
    static func make(_ value: some JSONConvertible, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: value.json.serialized)))
    }
}
