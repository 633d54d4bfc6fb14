import DigitReaderServer
import Foundation
import FuzzSupport

// `application/x-www-form-urlencoded` uploads (the `image`/`imageBase64` field holding a data
// URL or base64), read as the recognition routes read them: form decoding, then base64.
exit(FuzzDriver.run { data, count in
    _ = try? Upload.parse(body: FuzzInput.bytes(data, count), contentType: "application/x-www-form-urlencoded")
    return 0
})
