import DigitReaderCore
import Foundation

/// Images the tests upload, all generated in code so the test target needs no resources.
enum TestImages {
    /// A 280 x 280 transparent canvas with a "7" in thick black strokes, as the web page sends.
    static let seven: [UInt8] = canvas(strokes: [[(60, 50), (220, 50)], [(220, 50), (120, 240)]])

    /// A 600 x 600 canvas with "77" written across it: a picture of a number.
    static let seventySeven: [UInt8] = canvas(
        strokes: [[(60, 200), (260, 200)], [(260, 200), (140, 420)], [(340, 200), (540, 200)], [(540, 200), (420, 420)]], side: 600)

    /// A 280 x 280 fully transparent canvas: nothing drawn.
    static let blank: [UInt8] = canvas(strokes: [])

    /// `seven` as a data URL, what `canvas.toDataURL()` gives.
    static var sevenDataURL: String { "data:image/png;base64," + Data(seven).base64EncodedString() }

    /// A tiny valid GIF (1 x 1).
    static let gif: [UInt8] = Array("GIF89a".utf8) + [
        0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
        0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    /// An SVG drawing of a digit: a format the server refuses.
    static let svg = Array(#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><text x="4" y="24">7</text></svg>"#.utf8)

    /// Draws `strokes` (polylines in canvas pixels) with a round 18 px black brush on a
    /// transparent 280 x 280 canvas, as the page does, and encodes it as an RGBA PNG.
    static func canvas(strokes: [[(Double, Double)]], side: Int = 280, brushWidth: Float = 18) -> [UInt8] {
        let placed = strokes.map { stroke in stroke.map { SIMD2(Float($0.0), Float($0.1)) } }
        let picture = StrokeRenderer(canvasSide: side, brushWidth: brushWidth).renderPlaced(placed)
        // The project's own encoder: a valid RGBA canvas cannot fail to encode.
        return try! PNGEncoder().encode(picture)
    }
}
