import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One bad request and the exact answer it must get.
struct BadRequest: CustomTestStringConvertible, Sendable {
    let name: String
    var uri = "/api/predict"
    var contentType: String? = "application/json"
    let body: [UInt8]
    let status: HTTPResponse.Status
    let code: String

    var testDescription: String { name }

    static func json(_ name: String, _ text: String, _ status: HTTPResponse.Status, _ code: String) -> BadRequest {
        BadRequest(name: name, body: Array(text.utf8), status: status, code: code)
    }

    static func image(_ name: String, _ bytes: [UInt8], _ status: HTTPResponse.Status, _ code: String, type: String = "image/png") -> BadRequest {
        BadRequest(name: name, contentType: type, body: bytes, status: status, code: code)
    }

    static func base64(_ name: String, _ bytes: [UInt8], _ status: HTTPResponse.Status, _ code: String) -> BadRequest {
        json(name, #"{"image":"data:image/png;base64,\#(Data(bytes).base64EncodedString())"}"#, status, code)
    }
}

/// Every client mistake gets a 4xx with `{"error":{"code","message"}}`, never a 5xx or a hang.
@Suite struct ErrorTests {
    static let badBodies: [BadRequest] = [
        .json("empty body", "", .badRequest, "empty_body"),
        .json("not JSON", "image=7", .badRequest, "invalid_json"),
        .json("truncated JSON", #"{"image": "abc"#, .badRequest, "invalid_json"),
        .json("JSON array", #"["data:image/png;base64,AAAA"]"#, .badRequest, "json_not_object"),
        .json("JSON string", #""hello""#, .badRequest, "json_not_object"),
        .json("JSON null", "null", .badRequest, "json_not_object"),
        .json("missing image", #"{"picture": "data:image/png;base64,AAAA"}"#, .badRequest, "missing_image"),
        .json("number instead of string", #"{"image": 7}"#, .badRequest, "image_not_string"),
        .json("null image", #"{"image": null}"#, .badRequest, "image_not_string"),
        .json("empty image string", #"{"image": ""}"#, .badRequest, "empty_body"),
        .json("bad base64", #"{"image": "data:image/png;base64,***not base64***"}"#, .badRequest, "invalid_base64"),
        .json("cut-off base64", #"{"image": "iVBORw0KG"}"#, .badRequest, "invalid_base64"),
        .json("data URL without base64", #"{"image": "data:image/png,%89PNG"}"#, .badRequest, "invalid_data_url"),
        .base64("text as base64", Array("this is just some text, not a picture".utf8), .badRequest, "not_an_image"),
        .base64("truncated PNG", Array(TestImages.seven.prefix(200)), .badRequest, "truncated_image"),
        .base64("PNG without its data", Array(TestImages.seven.prefix(33)), .badRequest, "truncated_image"),
        .base64("GIF", TestImages.gif, .unsupportedMediaType, "unsupported_image_format"),
        .image("GIF sent as image/png", TestImages.gif, .unsupportedMediaType, "unsupported_image_format"),
        .image("SVG", TestImages.svg, .unsupportedMediaType, "unsupported_image_format", type: "image/svg+xml"),
        .image("random bytes", (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, .badRequest, "not_an_image", type: "application/octet-stream"),
        .image("tiny PNG claiming 20000x20000", TestPNG.lyingHeader(width: 20000, height: 20000), .contentTooLarge, "image_too_large"),
        .image("20000x20000 PNG that compresses small", TestPNG.black(width: 20000, height: 20000), .contentTooLarge, "image_too_large"),
        .base64("12000x12000 PNG", TestPNG.black(width: 12000, height: 12000), .contentTooLarge, "image_too_large"),
        .image("30 MB body", [UInt8](repeating: 0x41, count: 30 * 1024 * 1024), .contentTooLarge, "body_too_large"),
        .image("wrong content type", TestImages.seven, .unsupportedMediaType, "unsupported_media_type", type: "text/plain"),
        .image("XML content type", TestImages.svg, .unsupportedMediaType, "unsupported_media_type", type: "application/xml"),
        .image("multipart without boundary", TestImages.seven, .badRequest, "invalid_multipart", type: "multipart/form-data"),
        BadRequest(
            name: "multipart without image field", contentType: "multipart/form-data; boundary=XyZ",
            body: Array(TestServer.multipart([("file", TestImages.seven)]).readableBytesView), status: .badRequest, code: "missing_image"),
        BadRequest(
            name: "multipart cut off", contentType: "multipart/form-data; boundary=XyZ",
            body: Array(TestServer.multipart([("image", TestImages.seven)]).readableBytesView.prefix(400)), status: .badRequest, code: "invalid_multipart"),
        BadRequest(
            name: "multipart with another boundary", contentType: "multipart/form-data; boundary=Other",
            body: Array(TestServer.multipart([("image", TestImages.seven)]).readableBytesView), status: .badRequest, code: "invalid_multipart"),
        .image("form without image", Array("name=seven".utf8), .badRequest, "missing_image", type: "application/x-www-form-urlencoded"),
        .image("form with bad escape", Array("image=%zz".utf8), .badRequest, "invalid_form", type: "application/x-www-form-urlencoded"),
        BadRequest(name: "unknown model", uri: "/api/predict?model=resnet", body: Array(#"{"image":"AAAA"}"#.utf8), status: .notFound, code: "unknown_model"),
        BadRequest(name: "path-like model", uri: "/api/predict?model=../../etc/passwd", body: Array(#"{"image":"AAAA"}"#.utf8), status: .notFound, code: "unknown_model"),
        BadRequest(name: "encoded path-like model", uri: "/api/predict?model=..%2F..%2Fetc%2Fpasswd", body: Array(#"{"image":"AAAA"}"#.utf8), status: .notFound, code: "unknown_model"),
        BadRequest(name: "model with NUL", uri: "/api/predict?model=tiny%00", body: Array(#"{"image":"AAAA"}"#.utf8), status: .notFound, code: "unknown_model"),
        BadRequest(name: "threshold 2", uri: "/api/predict?threshold=2", body: Array(#"{"image":"AAAA"}"#.utf8), status: .badRequest, code: "invalid_threshold"),
        BadRequest(name: "threshold abc", uri: "/api/predict?threshold=abc", body: Array(#"{"image":"AAAA"}"#.utf8), status: .badRequest, code: "invalid_threshold"),
        BadRequest(name: "threshold negative", uri: "/api/compare?threshold=-0.1", body: Array(#"{"image":"AAAA"}"#.utf8), status: .badRequest, code: "invalid_threshold"),
        BadRequest(name: "threshold nan", uri: "/api/compare?threshold=nan", body: Array(#"{"image":"AAAA"}"#.utf8), status: .badRequest, code: "invalid_threshold"),
        BadRequest(name: "debug maybe", uri: "/api/predict?debug=maybe", body: Array(#"{"image":"AAAA"}"#.utf8), status: .badRequest, code: "invalid_debug"),
        BadRequest(name: "compare with GIF", uri: "/api/compare", contentType: "image/gif", body: TestImages.gif, status: .unsupportedMediaType, code: "unsupported_image_format"),
        BadRequest(name: "compare with bad JSON", uri: "/api/compare", body: Array("{".utf8), status: .badRequest, code: "invalid_json"),
        .json("strokes not a list", #"{"strokes": 7}"#, .badRequest, "invalid_strokes"),
        .json("strokes null", #"{"strokes": null}"#, .badRequest, "invalid_strokes"),
        .json("strokes nested one level short", #"{"strokes": [[1, 2], [3, 4]]}"#, .badRequest, "invalid_strokes"),
        .json("strokes nested one level deep", #"{"strokes": [[[[1, 2]]]]}"#, .badRequest, "invalid_strokes"),
        .json("point with a string", #"{"strokes": [[[1, "2"]]]}"#, .badRequest, "invalid_strokes"),
        .json("point with three numbers", #"{"strokes": [[[1, 2, 3]]]}"#, .badRequest, "invalid_strokes"),
        .json("point with one number", #"{"strokes": [[[1]]]}"#, .badRequest, "invalid_strokes"),
        .json("empty stroke", #"{"strokes": [[[1, 2]], []]}"#, .badRequest, "invalid_strokes"),
        .json("NaN coordinate", #"{"strokes": [[[NaN, 2]]]}"#, .badRequest, "invalid_json"),
        .json("coordinate beyond Float", #"{"strokes": [[[1e300, 2]]]}"#, .badRequest, "invalid_strokes"),
        .json("coordinate too far", #"{"strokes": [[[2000000, 2]]]}"#, .badRequest, "invalid_strokes"),
        .json("width without height", #"{"strokes": [[[1, 2]]], "width": 280}"#, .badRequest, "invalid_strokes"),
        .json("zero pad", #"{"strokes": [[[1, 2]]], "width": 0, "height": 280}"#, .badRequest, "invalid_strokes"),
        .json("pad size as text", #"{"strokes": [[[1, 2]]], "width": "280", "height": 280}"#, .badRequest, "invalid_strokes"),
        .json("image and strokes", #"{"image": "AAAA", "strokes": [[[1, 2]]]}"#, .badRequest, "ambiguous_upload"),
        .json("neither image nor strokes", #"{"width": 280, "height": 280}"#, .badRequest, "missing_image"),
        .json("20,001 points", #"{"strokes": [["# + Array(repeating: "[1,2]", count: 20_001).joined(separator: ",") + "]]}", .badRequest, "invalid_strokes"),
        .json("1,001 strokes", #"{"strokes": ["# + Array(repeating: "[[1,2]]", count: 1_001).joined(separator: ",") + "]}", .badRequest, "invalid_strokes"),
        .json("10^6 points", #"{"strokes": [["# + Array(repeating: "[1,2]", count: 1_000_000).joined(separator: ",") + "]]}", .contentTooLarge, "body_too_large"),
        BadRequest(name: "read with bad strokes", uri: "/api/read", body: Array(#"{"strokes": [[]]}"#.utf8), status: .badRequest, code: "invalid_strokes"),
        BadRequest(name: "read with unknown model", uri: "/api/read?model=resnet", body: Array(#"{"strokes": [[[1, 2]]]}"#.utf8), status: .notFound, code: "unknown_model"),
        BadRequest(name: "read with a GIF", uri: "/api/read", contentType: "image/gif", body: TestImages.gif, status: .unsupportedMediaType, code: "unsupported_image_format"),
        BadRequest(name: "compare with bad strokes", uri: "/api/compare", body: Array(#"{"strokes": [[1]]}"#.utf8), status: .badRequest, code: "invalid_strokes"),
        BadRequest(name: "legacy form without imageBase64", uri: "/", contentType: "application/x-www-form-urlencoded", body: Array("x=1".utf8), status: .badRequest, code: "missing_image"),
        BadRequest(name: "legacy form with text", uri: "/", contentType: "application/x-www-form-urlencoded", body: Array("imageBase64=data%3Aimage%2Fpng%3Bbase64%2CaGVsbG8%3D".utf8), status: .badRequest, code: "not_an_image"),
    ]

    @Test(arguments: badBodies)
    func badRequestGetsItsExactError(_ bad: BadRequest) async throws {
        try await TestServer.app().test(.router) { client in
            var headers = HTTPFields()
            if let type = bad.contentType { headers[.contentType] = type }
            let response = try await client.execute(uri: bad.uri, method: .post, headers: headers, body: ByteBuffer(bytes: bad.body))
            #expect(response.status == bad.status, "\(String(buffer: response.body))")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let envelope = try TestServer.decode(ErrorEnvelope.self, response)
            #expect(envelope.error.code == bad.code)
            #expect(envelope.error.message.count > 20)
        }
    }

    @Test func unknownModelListsTheValidIds() async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(
                uri: "/api/predict?model=lenet", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven))
            #expect(response.status == .notFound)
            let message = try TestServer.decode(ErrorEnvelope.self, response).error.message
            #expect(message.contains("'lenet'"))
            #expect(message.contains("tiny, sure-seven, unsure-three, ensemble"))
        }
    }

    @Test func bodyLimitIsConfigurable() async throws {
        try await TestServer.app(maxBodyBytes: 1000).test(.router) { client in
            let response = try await client.execute(
                uri: "/api/predict", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven))
            #expect(response.status == .contentTooLarge)
            #expect(try TestServer.decode(ErrorEnvelope.self, response).error.code == "body_too_large")
        }
    }

    @Test(arguments: [
        ("/nowhere", HTTPRequest.Method.get, HTTPResponse.Status.notFound, "not_found", nil as String?),
        ("/api/nothing", .post, .notFound, "not_found", nil),
        ("/api/predict", .get, .methodNotAllowed, "method_not_allowed", "POST"),
        ("/api/compare", .put, .methodNotAllowed, "method_not_allowed", "POST"),
        ("/healthz", .delete, .methodNotAllowed, "method_not_allowed", "GET, HEAD"),
        ("/api/models", .post, .methodNotAllowed, "method_not_allowed", "GET, HEAD"),
    ])
    func unknownRoutesAndWrongMethodsGetJSON(path: String, method: HTTPRequest.Method, status: HTTPResponse.Status, code: String, allow: String?) async throws {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(uri: path, method: method)
            #expect(response.status == status)
            #expect(response.headers[.allow] == allow)
            #expect(try TestServer.decode(ErrorEnvelope.self, response).error.code == code)
        }
    }
}
