import DigitReaderServer
import Foundation
import Testing

/// The body readers on their own: data URLs and base64, forms, multipart.
@Suite struct ParserTests {
    @Test(arguments: [
        "data:image/png;base64,aGVsbG8=", "DATA:image/png;BASE64,aGVsbG8=", "aGVsbG8=", "aGVsbG8", "  aGVs\r\nbG8=\n",
        "data:;base64,aGVsbG8=",
    ])
    func base64Forms(_ text: String) throws {
        #expect(try Base64Payload.decode(text) == Array("hello".utf8))
    }

    @Test func urlSafeAlphabetAndFormSpaces() throws {
        #expect(try Base64Payload.decode("-_-_") == [UInt8]([0xFB, 0xFF, 0xBF]))
        #expect(try Base64Payload.decode("+/+/ ", spacesArePlus: false) == [0xFB, 0xFF, 0xBF])
        #expect(try Base64Payload.decode("a+b ", spacesArePlus: true) == (try Base64Payload.decode("a+b+")))
    }

    @Test(arguments: ["a", "aGVsbG8=x", "a=bc", "héllo", "data:image/png,aGVsbG8="])
    func base64Refusals(_ text: String) {
        #expect(throws: APIError.self) { try Base64Payload.decode(text) }
    }

    @Test func formFields() throws {
        let form = try ImageForm.decode(Array("other=1&imageBase64=a+b%2B%3D%20c".utf8))
        #expect(form.imageBase64 == "a b+= c")
        #expect(form.image == nil && form.picture == "a b+= c")
        #expect(try ImageForm.decode(Array("image=x&imageBase64=y".utf8)).picture == "x")
        #expect(try ImageForm.decode([]).picture == nil)
        #expect { try ImageForm.decode(Array("imageBase64=%4".utf8)) } throws: { ($0 as? APIError)?.code == "invalid_form" }
        // A byte that is not UTF-8 decodes to U+FFFD, which no base64 reader accepts.
        #expect(try ImageForm.decode(Array("imageBase64=%ff".utf8)).picture == "\u{FFFD}")
        #expect { try ImageForm.decode([0x61, 0x3D, 0xFF]) } throws: { ($0 as? APIError)?.code == "invalid_form" }
    }

    @Test func headerValues() {
        let type = HeaderValue(parsing: #"Multipart/Form-Data; boundary="a;b\"c"; charset=utf-8"#)
        #expect(type.value == "multipart/form-data")
        #expect(type.parameters == ["boundary": "a;b\"c", "charset": "utf-8"])
    }

    @Test func multipartParts() throws {
        let body = Array((
            "preamble\r\n--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            + "--B\r\ncontent-disposition: form-data; name=\"image\"; filename=\"a;b.png\"\r\nContent-Type: image/png\r\n\r\n\r\n--Bx\r\n"
            + "--B--\r\nepilogue").utf8)
        let parts = try MultipartFormData.parts(of: body, boundary: "B")
        #expect(parts.map(\.name) == ["note", "image"])
        #expect(Array(parts[0].body) == Array("hello".utf8))
        #expect(parts[1].filename == "a;b.png")
        #expect(parts[1].contentType == "image/png")
        #expect(Array(parts[1].body) == Array("\r\n--Bx".utf8))
    }

    @Test(arguments: [
        "--B\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc",  // no closing boundary
        "--B\r\nContent-Type: image/png\r\n\r\nabc\r\n--B--",  // no disposition
        "--B\r\nContent-Disposition: attachment; name=\"image\"\r\n\r\nabc\r\n--B--",  // not form-data
        "--Bjunk\r\n\r\nabc\r\n--B--",  // boundary line not ending in CRLF
        "no boundary here",
    ])
    func multipartRefusals(_ text: String) {
        #expect(throws: APIError.self) { try MultipartFormData.parts(of: Array(text.utf8), boundary: "B") }
    }

    @Test func optionsValidation() throws {
        #expect(try PredictionOptions(model: nil, threshold: nil, debug: nil) == PredictionOptions())
        #expect(try PredictionOptions(model: "", threshold: "0.25", debug: "1") == PredictionOptions(modelID: nil, threshold: 0.25, debug: true))
        #expect(try PredictionOptions(model: "softmax", threshold: "1", debug: "false") == PredictionOptions(modelID: "softmax", threshold: 1, debug: false))
        for bad in ["2", "abc", "-0.1", "nan", "inf", " 0.5", ""] {
            #expect(throws: APIError.self) { try PredictionOptions(model: nil, threshold: Substring(bad), debug: nil) }
        }
    }
}
