import Foundation

/// Images the tests upload, all generated in code so the test target needs no resources.
enum TestImages {
    /// A 280 x 280 transparent canvas with a "7" in thick black strokes, as the web page sends.
    static let seven: [UInt8] = canvas(strokes: [[(60, 50), (220, 50)], [(220, 50), (120, 240)]])

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
    /// transparent 280 x 280 canvas and encodes it as an RGBA PNG.
    static func canvas(strokes: [[(Double, Double)]], side: Int = 280, brushRadius: Double = 9) -> [UInt8] {
        var pixels = [UInt8](repeating: 0, count: side * side * 4)
        func stamp(_ cx: Double, _ cy: Double) {
            let r = Int(brushRadius.rounded(.up))
            for y in max(0, Int(cy) - r)...min(side - 1, Int(cy) + r) {
                for x in max(0, Int(cx) - r)...min(side - 1, Int(cx) + r) {
                    let dx = Double(x) - cx, dy = Double(y) - cy
                    if dx * dx + dy * dy <= brushRadius * brushRadius { pixels[(y * side + x) * 4 + 3] = 255 }
                }
            }
        }
        for stroke in strokes {
            for (start, end) in zip(stroke, stroke.dropFirst()) {
                let steps = max(1, Int(hypot(end.0 - start.0, end.1 - start.1)))
                for step in 0...steps {
                    let t = Double(step) / Double(steps)
                    stamp(start.0 + t * (end.0 - start.0), start.1 + t * (end.1 - start.1))
                }
            }
        }
        return TestPNG.rgba(width: side, height: side, pixels: pixels)
    }
}
