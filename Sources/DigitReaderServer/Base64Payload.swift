import Foundation

/// Turns the text a client sent for an image (a data URL or bare base64) into file bytes.
///
/// Browsers send `canvas.toDataURL()`, i.e. `data:image/png;base64,...`; scripts often send bare
/// base64, sometimes wrapped over lines or in the URL-safe alphabet, sometimes without padding.
/// All of those are accepted; anything else is refused with a precise message rather than
/// guessed at. The media type inside a data URL is not trusted: the decoder sniffs the bytes.
public enum Base64Payload {
    /// The decoded bytes of `text`.
    /// - Parameter spacesArePlus: treat spaces as `+`: a form body whose client forgot to
    ///   percent-encode `+` arrives with spaces in place of it, and base64 never contains spaces.
    public static func decode(_ text: String, spacesArePlus: Bool = false) throws(APIError) -> [UInt8] {
        var utf8 = Substring(text).utf8[...]
        // Skip leading whitespace.
        while let first = utf8.first, isWhitespace(first) { utf8 = utf8.dropFirst() }
        if utf8.count >= 5, utf8.prefix(5).map(lowercase).elementsEqual("data:".utf8) {
            guard let comma = utf8.firstIndex(of: UInt8(ascii: ",")) else { throw .invalidDataURL }
            let metadata = utf8[utf8.index(utf8.startIndex, offsetBy: 5)..<comma].map(lowercase)
            guard metadata.count >= 7, metadata.suffix(7).elementsEqual(";base64".utf8) else { throw .invalidDataURL }
            utf8 = utf8[utf8.index(after: comma)...]
        }
        var characters: [UInt8] = []
        characters.reserveCapacity(utf8.count + 3)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
                characters.append(byte)
            case UInt8(ascii: "-"): characters.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): characters.append(UInt8(ascii: "/"))
            case UInt8(ascii: " ") where spacesArePlus: characters.append(UInt8(ascii: "+"))
            case _ where isWhitespace(byte): continue
            default:
                throw .invalidBase64("it contains the character \(describe(byte)), which base64 does not use")
            }
        }
        guard !characters.isEmpty else { throw .emptyBody }
        if let firstPad = characters.firstIndex(of: UInt8(ascii: "=")),
           characters[firstPad...].contains(where: { $0 != UInt8(ascii: "=") }) {
            throw .invalidBase64("'=' padding appears before the end")
        }
        switch characters.count % 4 {
        case 1: throw .invalidBase64("its length is not a whole number of bytes; it was probably cut off")
        case 2: characters += [UInt8(ascii: "="), UInt8(ascii: "=")]
        case 3: characters.append(UInt8(ascii: "="))
        default: break
        }
        guard let data = Data(base64Encoded: Data(characters)) else {
            throw .invalidBase64("the padding is wrong; it was probably cut off")
        }
        return [UInt8](data)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "0x%02X", byte)
    }
}
