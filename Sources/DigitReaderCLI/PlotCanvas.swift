import DigitReaderCore
import DigitReaderTraining

/// A small RGB drawing surface for the benchmark's pictures: filled rectangles, digits in a
/// 3x5 pixel font (the pictures only ever need digits) and greyscale model inputs.
struct PlotCanvas {
    let width: Int
    let height: Int
    private var pixels: [UInt8]

    /// A white canvas.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 255, count: width * height * 4)
    }

    /// An RGB colour.
    struct Colour {
        let red, green, blue: UInt8
        static let black = Colour(red: 0, green: 0, blue: 0)
        static let white = Colour(red: 255, green: 255, blue: 255)
        static let red = Colour(red: 200, green: 30, blue: 30)
        static let green = Colour(red: 20, green: 140, blue: 60)
        static let grey = Colour(red: 150, green: 150, blue: 150)

        /// White to deep blue as `fraction` goes from 0 to 1.
        static func shade(_ fraction: Double) -> Colour {
            let f = min(max(fraction, 0), 1)
            return Colour(red: UInt8(255 - 225 * f), green: UInt8(255 - 175 * f), blue: UInt8(255 - 75 * f))
        }
    }

    mutating func fill(x: Int, y: Int, width: Int, height: Int, _ colour: Colour) {
        for row in max(y, 0)..<min(y + height, self.height) {
            for column in max(x, 0)..<min(x + width, self.width) {
                let offset = (row * self.width + column) * 4
                pixels[offset] = colour.red
                pixels[offset + 1] = colour.green
                pixels[offset + 2] = colour.blue
                pixels[offset + 3] = 255
            }
        }
    }

    /// Writes `text` (digits; anything else leaves a gap) with its top-left corner at x, y,
    /// each font pixel `scale` canvas pixels wide.
    mutating func text(_ text: String, x: Int, y: Int, scale: Int, _ colour: Colour) {
        for (position, character) in text.enumerated() {
            guard let digit = character.wholeNumberValue, let glyph = Self.glyphs[safe: digit] else { continue }
            for (row, bits) in glyph.enumerated() {
                for column in 0..<3 where bits & (0b100 >> column) != 0 {
                    fill(x: x + (position * 4 + column) * scale, y: y + row * scale, width: scale, height: scale, colour)
                }
            }
        }
    }

    /// Width in canvas pixels of `count` characters at `scale`.
    static func textWidth(_ count: Int, scale: Int) -> Int {
        max(count * 4 - 1, 0) * scale
    }

    /// Draws `image` over the canvas with its top-left corner at x, y, blended by its alpha.
    mutating func picture(_ image: RasterImage, x: Int, y: Int) {
        for row in 0..<image.height where (0..<height).contains(y + row) {
            for column in 0..<image.width where (0..<width).contains(x + column) {
                let source = (row * image.width + column) * 4
                let alpha = Int(image.pixels[source + 3])
                let target = ((y + row) * width + x + column) * 4
                for channel in 0..<3 {
                    pixels[target + channel] = UInt8((Int(image.pixels[source + channel]) * alpha + Int(pixels[target + channel]) * (255 - alpha)) / 255)
                }
            }
        }
    }

    /// The outline of a rectangle, `thickness` pixels wide, inside its bounds.
    mutating func outline(x: Int, y: Int, width: Int, height: Int, thickness: Int, _ colour: Colour) {
        fill(x: x, y: y, width: width, height: thickness, colour)
        fill(x: x, y: y + height - thickness, width: width, height: thickness, colour)
        fill(x: x, y: y, width: thickness, height: height, colour)
        fill(x: x + width - thickness, y: y, width: thickness, height: height, colour)
    }

    /// Draws a model input (white ink on black), each pixel `scale` canvas pixels wide.
    mutating func digit(_ digit: DigitImage, x: Int, y: Int, scale: Int) {
        for row in 0..<DigitImage.side {
            for column in 0..<DigitImage.side {
                let value = UInt8((min(max(digit[row, column], 0), 1) * 255).rounded())
                fill(x: x + column * scale, y: y + row * scale, width: scale, height: scale, Colour(red: value, green: value, blue: value))
            }
        }
    }

    /// The picture as a PNG file's bytes.
    func png() throws -> [UInt8] {
        try PNGEncoder().encode(RasterImage(width: width, height: height, pixels: pixels))
    }

    /// Rows of 3 bits, top to bottom, for 0...9.
    private static let glyphs: [[UInt8]] = [
        [0b111, 0b101, 0b101, 0b101, 0b111], [0b010, 0b110, 0b010, 0b010, 0b111],
        [0b111, 0b001, 0b111, 0b100, 0b111], [0b111, 0b001, 0b111, 0b001, 0b111],
        [0b101, 0b101, 0b111, 0b001, 0b001], [0b111, 0b100, 0b111, 0b001, 0b111],
        [0b111, 0b100, 0b111, 0b101, 0b111], [0b111, 0b001, 0b010, 0b010, 0b010],
        [0b111, 0b101, 0b111, 0b101, 0b111], [0b111, 0b101, 0b111, 0b001, 0b111],
    ]
}

extension Array {
    /// The element at `index`, or nil outside the array.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
