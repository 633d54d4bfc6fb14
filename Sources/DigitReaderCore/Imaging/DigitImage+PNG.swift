import Foundation

extension DigitImage {
    /// The digit as a `data:image/png;base64,...` URL (white ink on black, 28 x 28), ready to put
    /// in an `<img src>` so people can see exactly what the model was shown.
    public func pngDataURL() throws(PNGEncodingError) -> String {
        let png = try PNGEncoder().encode(self)
        return "data:image/png;base64," + Data(png).base64EncodedString()
    }
}
