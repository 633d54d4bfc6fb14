/// A small, strict reader for `multipart/form-data` bodies (RFC 7578), as sent by an HTML form
/// with `<input type=file name=image>`, `curl -F image=@7.png` or `fetch` with `FormData`.
///
/// Strict on purpose: a body that breaks the format (no boundary, no closing delimiter, a part
/// without `Content-Disposition: form-data; name=...`) is refused with what is wrong, instead
/// of guessing and reading a half-uploaded file as an image.
public enum MultipartFormData {
    /// One field of the form.
    public struct Part: Sendable, Equatable {
        /// The field name from `Content-Disposition`.
        public var name: String
        /// The uploaded file's name, when the part is a file.
        public var filename: String?
        /// The part's `Content-Type`, when given.
        public var contentType: String?
        /// The part's bytes.
        public var body: ArraySlice<UInt8>
    }

    /// Most parts read from one body; a form for one image has no reason to send more.
    public static let maxParts = 64
    /// Longest header block of one part.
    public static let maxHeaderBytes = 8192

    /// The boundary from a `multipart/form-data; boundary=...` content type (RFC 2046: 1-70 characters).
    public static func boundary(from contentType: HeaderValue) throws(APIError) -> String {
        guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty else {
            throw .invalidMultipart("the Content-Type header has no boundary parameter (multipart/form-data; boundary=...)")
        }
        guard boundary.utf8.count <= 70 else {
            throw .invalidMultipart("the boundary is longer than 70 characters")
        }
        return boundary
    }

    /// Every part of `body`, split at `boundary`.
    public static func parts(of body: [UInt8], boundary: String) throws(APIError) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        let separator = crlf + delimiter
        var position: Int
        if body.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = findDelimiter(separator, in: body, from: 0) {
            position = found + separator.count
        } else {
            throw .invalidMultipart("the boundary given in the Content-Type header never appears in the body")
        }
        var parts: [Part] = []
        while true {
            if body[position...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { return parts }
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            guard body[position...].starts(with: crlf) else {
                throw .invalidMultipart("a boundary line does not end with CRLF; the body is malformed or cut off")
            }
            position += 2
            let headerBlock: ArraySlice<UInt8>
            let contentStart: Int
            if body[position...].starts(with: crlf) {
                headerBlock = []
                contentStart = position + 2
            } else if let end = find(crlf + crlf, in: body, from: position), end - position <= maxHeaderBytes {
                headerBlock = body[position..<end]
                contentStart = end + 4
            } else {
                throw .invalidMultipart("a part's headers are not followed by an empty line (or exceed \(maxHeaderBytes) bytes)")
            }
            guard let contentEnd = findDelimiter(separator, in: body, from: contentStart) else {
                throw .invalidMultipart("the closing boundary is missing; the upload was probably cut off")
            }
            guard parts.count < maxParts else { throw .invalidMultipart("it has more than \(maxParts) parts") }
            parts.append(try part(headers: headerBlock, body: body[contentStart..<contentEnd]))
            position = contentEnd + separator.count
        }
    }

    /// The bytes of the part named `name`.
    public static func field(_ name: String, in parts: [Part]) -> Part? {
        parts.first { $0.name == name }
    }

    private static func part(headers: ArraySlice<UInt8>, body: ArraySlice<UInt8>) throws(APIError) -> Part {
        var disposition: HeaderValue?
        var contentType: String?
        let text = String(decoding: headers, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                throw .invalidMultipart("a part header line has no ':' (\(APIError.quote(line)))")
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...]
            switch name {
            case "content-disposition": disposition = HeaderValue(parsing: value)
            case "content-type": contentType = String(value).trimmingSpaces()
            default: continue
            }
        }
        guard let disposition, disposition.value == "form-data", let name = disposition.parameters["name"] else {
            throw .invalidMultipart("a part lacks 'Content-Disposition: form-data; name=\"...\"'")
        }
        return Part(name: name, filename: disposition.parameters["filename"], contentType: contentType, body: body)
    }

    /// Index of the first real delimiter line at or after `start`: the pattern followed by `--`,
    /// a space, a tab or CRLF (so a boundary `B` is not found inside `--Bx`).
    private static func findDelimiter(_ separator: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var from = start
        while let found = find(separator, in: bytes, from: from) {
            let next = found + separator.count
            if next >= bytes.count { return nil }
            switch bytes[next] {
            case UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): return found
            default: from = found + 1
            }
        }
        return nil
    }

    /// Index of the first occurrence of `pattern` in `bytes` at or after `start`.
    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        let last = bytes.count - pattern.count
        guard start <= last else { return nil }
        return bytes.withUnsafeBufferPointer { haystack in
            pattern.withUnsafeBufferPointer { needle in
                var index = start
                while index <= last {
                    if haystack[index] == first {
                        var matched = 1
                        while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                        if matched == needle.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
