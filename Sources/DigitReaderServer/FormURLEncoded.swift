/// Reads `application/x-www-form-urlencoded` bodies, as jQuery's `$.ajax({data: {...}})` sends.
///
/// Written out rather than borrowed because the original client depends on the exact rules:
/// `+` means a space and `%XX` a byte, so a percent-encoded data URL decodes back intact.
public enum FormURLEncoded {
    /// The fields of `body` in order, names and values decoded.
    public static func fields(_ body: [UInt8]) throws(APIError) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decodeComponent(parts[0])
            let value = parts.count > 1 ? try decodeComponent(parts[1]) : ""
            fields.append((name, value))
        }
        return fields
    }

    /// The first value of field `name`, if any.
    public static func value(of name: String, in body: [UInt8]) throws(APIError) -> String? {
        try fields(body).first { $0.name == name }?.value
    }

    private static func decodeComponent(_ bytes: ArraySlice<UInt8>) throws(APIError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                output.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { throw .invalidForm("'%' must be followed by two hexadecimal digits") }
                output.append(high << 4 | low)
                index += 3
            default:
                output.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: output, as: UTF8.self) else {
            throw .invalidForm("a field is not valid UTF-8 after percent-decoding")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
