import DigitReaderServer
import Foundation
import FuzzSupport

// `multipart/form-data` uploads: the input's first line is the `Content-Type` header's
// parameters (e.g. `boundary=abc`), the rest is the body, read as the recognition routes read it.
exit(FuzzDriver.run { data, count in
    let (parameters, body) = FuzzInput.headerAndBody(FuzzInput.bytes(data, count))
    _ = try? Upload.parse(body: body, contentType: "multipart/form-data; " + parameters)
    return 0
})
