import Foundation

/// Finds the image file in a request body, whichever of the accepted forms the client used.
///
/// - `application/json` (or any `+json` type): `{"image": "<data URL or bare base64>"}`.
/// - `image/png`, `image/jpeg`, any other `image/*` or `application/octet-stream`: the raw
///   file. The declared type is not trusted; the decoder sniffs the bytes, so a GIF sent as
///   `image/png` is reported as a GIF.
/// - `multipart/form-data`: the part named `image`.
/// - `application/x-www-form-urlencoded`: the field `image` (or the original app's `imageBase64`).
/// - No content type at all: JSON when the body starts with `{`, otherwise the raw file, since
///   `curl --data-binary @7.png` without `-H` is a common first try.
public enum ImageUpload {
    /// The JSON request shape.
    private struct JSONBody: Decodable {
        var image: String
    }

    /// Whether `body`, sent with `contentType`, is read as JSON (by type, or by its first
    /// character when it has no type).
    public static func isJSON(body: [UInt8], contentType: String?) -> Bool {
        guard let contentType, !contentType.trimmingSpaces().isEmpty else {
            let first = body.first { !(($0 == 0x20) || ($0 == 0x09) || ($0 == 0x0A) || ($0 == 0x0D)) }
            return first == UInt8(ascii: "{")
        }
        let media = HeaderValue(parsing: contentType).value
        return media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
    }

    /// The image file's bytes in `body`, sent with `contentType`.
    public static func imageBytes(body: [UInt8], contentType: String?) throws(APIError) -> [UInt8] {
        guard !body.isEmpty else { throw .emptyBody }
        if isJSON(body: body, contentType: contentType) {
            return try fromJSON(body)
        }
        guard let contentType, !contentType.trimmingSpaces().isEmpty else { return body }
        let type = HeaderValue(parsing: contentType)
        let media = type.value
        if media == "application/octet-stream" || media.hasPrefix("image/") {
            return body
        }
        if media == "multipart/form-data" {
            let parts = try MultipartFormData.parts(of: body, boundary: MultipartFormData.boundary(from: type))
            guard let part = MultipartFormData.field("image", in: parts) else {
                let names = parts.map { APIError.quote($0.name) }.joined(separator: ", ")
                throw .missingImage("The multipart form has no file field named 'image' (fields: \(names.isEmpty ? "none" : names)). Send the image as a file field named 'image'.")
            }
            guard !part.body.isEmpty else { throw .emptyBody }
            return Array(part.body)
        }
        if media == "application/x-www-form-urlencoded" {
            guard let value = try ImageForm.decode(body).picture else {
                throw .missingImage("The form has no field named 'image' (or 'imageBase64') holding the image as a data URL or base64.")
            }
            return try Base64Payload.decode(value, spacesArePlus: true)
        }
        throw .unsupportedMediaType(contentType)
    }

    /// The image in a JSON body `{"image": "..."}`.
    public static func fromJSON(_ body: [UInt8]) throws(APIError) -> [UInt8] {
        let text: String
        do {
            text = try JSONDecoder().decode(JSONBody.self, from: Data(body)).image
        } catch DecodingError.keyNotFound {
            throw .missingImage("The JSON object has no 'image' field. Send {\"image\": \"<data URL or base64 PNG/JPEG>\"}.")
        } catch let DecodingError.valueNotFound(_, context) {
            throw context.codingPath.isEmpty ? .jsonNotObject : .imageNotString
        } catch let DecodingError.typeMismatch(_, context) {
            throw context.codingPath.isEmpty ? .jsonNotObject : .imageNotString
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidJSON(context.underlyingError.map { "\($0)" }.map(shorten) ?? context.debugDescription)
        } catch {
            throw .invalidJSON(shorten("\(error)"))
        }
        return try Base64Payload.decode(text)
    }

    /// Decoder messages can be long and quote the input; keep the start.
    private static func shorten(_ text: String) -> String {
        text.count <= 160 ? text : String(text.prefix(160)) + "..."
    }
}
