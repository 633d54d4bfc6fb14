import DigitReaderCore
import Foundation
import FuzzSupport

// Any bytes as an uploaded image file: sniffed, decoded by libpng or libjpeg, normalised as a
// digit and segmented as a number. The pixel budget is smaller than the server's so that each
// input stays quick; the code paths are the same.
exit(FuzzDriver.run { data, count in
    let bytes = FuzzInput.bytes(data, count)
    guard let image = try? ImageDecoder(maxPixels: 1 << 20).decode(bytes) else { return 0 }
    _ = DigitNormalizer().normalize(image)
    _ = try? NumberReader().read(image, with: InkRecognizer())
    return 0
})
