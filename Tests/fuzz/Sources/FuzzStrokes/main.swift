import DigitReaderCore
import DigitReaderServer
import Foundation
import FuzzSupport

// Stroke uploads. An input that starts with `{` is a JSON body, read as `/api/predict` reads
// it; any other input is raw coordinates (`FuzzInput.strokes(fromCoordinates:)`), which reach
// the geometry faster than JSON text does. Either way a valid drawing is normalised as a digit
// and segmented as a number.
exit(FuzzDriver.run { data, count in
    let bytes = FuzzInput.bytes(data, count)
    let drawing: StrokeDrawing
    if bytes.first == UInt8(ascii: "{") {
        guard case .strokes(let parsed)? = try? Upload.fromJSON(bytes) else { return 0 }
        drawing = parsed
    } else {
        guard let parsed = try? StrokeDrawing(strokes: FuzzInput.strokes(fromCoordinates: bytes)) else { return 0 }
        drawing = parsed
    }
    _ = DigitNormalizer().normalize(drawing)
    _ = try? NumberReader().read(drawing, with: InkRecognizer())
    return 0
})
