import DigitReaderCore
import Foundation

/// What a recognition request sends: an image file, or the pen strokes of a drawing.
///
/// Accepted bodies, whichever route reads them:
/// - `application/json` (or any `+json` type): `{"image": "<data URL or bare base64>"}`, or
///   `{"strokes": [[[x, y], ...], ...], "width": w, "height": h}` (pen-down to pen-up point
///   lists, y downwards, any consistent unit; `width` and `height` of the pad are optional).
/// - `image/png`, `image/jpeg`, any other `image/*` or `application/octet-stream`: the raw
///   file. The declared type is not trusted; the decoder sniffs the bytes, so a GIF sent as
///   `image/png` is reported as a GIF.
/// - `multipart/form-data`: the part named `image`.
/// - `application/x-www-form-urlencoded`: the field `image` (or the original app's `imageBase64`).
/// - No content type at all: JSON when the body starts with `{`, otherwise the raw file, since
///   `curl --data-binary @7.png` without `-H` is a common first try.
public enum Upload: Sendable, Equatable {
    /// An image file's bytes, not yet decoded.
    case image([UInt8])
    /// A validated stroke drawing.
    case strokes(StrokeDrawing)

    /// The JSON request shape: exactly one of `image` and `strokes`. A field that is present
    /// must hold a value of its type (`null` included: `{"image": null}` is a wrong image, not
    /// a missing one).
    private struct JSONBody: Decodable {
        var image: String?
        var strokes: [[[Double]]]?
        var width: Double?
        var height: Double?

        private enum CodingKeys: String, CodingKey {
            case image, strokes, width, height
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func present<Value: Decodable>(_ key: CodingKeys) throws -> Value? {
                container.contains(key) ? try container.decode(Value.self, forKey: key) : nil
            }
            image = try present(.image)
            strokes = try present(.strokes)
            width = try present(.width)
            height = try present(.height)
        }
    }

    /// The upload in `body`, sent with `contentType`.
    public static func parse(body: [UInt8], contentType: String?) throws(APIError) -> Upload {
        guard !body.isEmpty else { throw .emptyBody }
        if isJSON(body: body, contentType: contentType) { return try fromJSON(body) }
        guard let contentType, !contentType.trimmingSpaces().isEmpty else { return .image(body) }
        return .image(try imageBytes(body: body, contentType: contentType))
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

    /// The image file's bytes in a body that is not JSON, sent with `contentType`.
    private static func imageBytes(body: [UInt8], contentType: String) throws(APIError) -> [UInt8] {
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

    /// The upload in a JSON body: `{"image": "..."}` or `{"strokes": [...], ...}`.
    public static func fromJSON(_ body: [UInt8]) throws(APIError) -> Upload {
        let json: JSONBody
        do {
            json = try JSONDecoder().decode(JSONBody.self, from: Data(body))
        } catch let DecodingError.valueNotFound(_, context) {
            throw fieldError(context)
        } catch let DecodingError.typeMismatch(_, context) {
            throw fieldError(context)
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidJSON(context.underlyingError.map { "\($0)" }.map(shorten) ?? context.debugDescription)
        } catch {
            throw .invalidJSON(shorten("\(error)"))
        }
        switch (json.image, json.strokes) {
        case (let image?, nil):
            return .image(try Base64Payload.decode(image))
        case (nil, let strokes?):
            return .strokes(try drawing(strokes, width: json.width, height: json.height))
        case (nil, nil):
            throw .missingImage("The JSON object has neither an 'image' nor a 'strokes' field. Send {\"image\": \"<data URL or base64 PNG/JPEG>\"} or {\"strokes\": [[[x, y], ...], ...]}.")
        case (.some, .some):
            throw .ambiguousUpload
        }
    }

    /// The error for a JSON value of the wrong type at `context`'s path.
    private static func fieldError(_ context: DecodingError.Context) -> APIError {
        guard let field = context.codingPath.first?.stringValue else { return .jsonNotObject }
        switch field {
        case "image": return .imageNotString
        case "strokes": return .invalidStrokes(StrokeShapeError.nesting.description)
        default: return .invalidStrokes("'\(field)' must be a number.")
        }
    }

    /// Validates decoded stroke lists: every point exactly `[x, y]`, then `StrokeDrawing`'s limits.
    static func drawing(_ strokes: [[[Double]]], width: Double?, height: Double?) throws(APIError) -> StrokeDrawing {
        var points: [[SIMD2<Float>]] = []
        points.reserveCapacity(strokes.count)
        for (index, stroke) in strokes.enumerated() {
            var converted: [SIMD2<Float>] = []
            converted.reserveCapacity(stroke.count)
            for (position, point) in stroke.enumerated() {
                guard point.count == 2 else {
                    throw .invalidStrokes(StrokeShapeError.point(stroke: index, point: position, count: point.count).description)
                }
                converted.append(SIMD2(Float(point[0]), Float(point[1])))
            }
            points.append(converted)
        }
        do {
            return try StrokeDrawing(strokes: points, width: width.map(Float.init), height: height.map(Float.init))
        } catch {
            throw .invalidStrokes(error.description)
        }
    }

    /// Decoder messages can be long and quote the input; keep the start.
    private static func shorten(_ text: String) -> String {
        text.count <= 160 ? text : String(text.prefix(160)) + "..."
    }
}
