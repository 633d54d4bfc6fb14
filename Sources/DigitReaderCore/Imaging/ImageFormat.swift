/// Image file formats told apart by their first bytes ("magic numbers").
///
/// Sniffing the content instead of trusting a file name or Content-Type header lets the server
/// give a precise answer ("GIF is not supported") instead of a codec's cryptic failure.
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case png = "PNG"
    case jpeg = "JPEG"
    case gif = "GIF"
    case webp = "WebP"
    case bmp = "BMP"
    case tiff = "TIFF"
    case svg = "SVG"
    case heif = "HEIF/AVIF"
    case ico = "ICO"
    case pdf = "PDF"
    case jpeg2000 = "JPEG 2000"
    case jpegXL = "JPEG XL"
    case qoi = "QOI"

    /// Whether `ImageDecoder` can decode this format.
    public var isDecodable: Bool { self == .png || self == .jpeg }

    /// The format whose signature starts `bytes`, or `nil` when none matches.
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        func starts(with signature: [UInt8], at offset: Int = 0) -> Bool {
            guard bytes.count >= offset + signature.count else { return false }
            for (index, byte) in signature.enumerated() where bytes[offset + index] != byte { return false }
            return true
        }
        if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(with: Array("GIF87a".utf8)) || starts(with: Array("GIF89a".utf8)) { return .gif }
        if starts(with: Array("RIFF".utf8)) && starts(with: Array("WEBP".utf8), at: 8) { return .webp }
        if starts(with: Array("BM".utf8)) && bytes.count >= 26 { return .bmp }
        if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(with: Array("ftyp".utf8), at: 4) { return .heif }
        if starts(with: [0x00, 0x00, 0x01, 0x00]) && bytes.count >= 22 { return .ico }
        if starts(with: Array("%PDF".utf8)) { return .pdf }
        if starts(with: [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts(with: [0xFF, 0x4F, 0xFF, 0x51]) { return .jpeg2000 }
        if starts(with: [0xFF, 0x0A]) || starts(with: [0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) { return .jpegXL }
        if starts(with: Array("qoif".utf8)) { return .qoi }
        if looksLikeSVG(bytes) { return .svg }
        return nil
    }

    /// SVG is text: look for an `<svg` element near the start (after an optional XML prolog).
    private static func looksLikeSVG(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let prefix = bytes.prefix(1024)
        guard let first = prefix.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }),
              first == UInt8(ascii: "<")
        else { return false }
        let text = String(decoding: prefix, as: UTF8.self).lowercased()
        return text.contains("<svg")
    }
}
