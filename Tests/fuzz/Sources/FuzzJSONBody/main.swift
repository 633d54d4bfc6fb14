import DigitReaderServer
import Foundation
import FuzzSupport

// JSON request bodies: the input's first line is the `Content-Type` header (empty: none, so the
// body is sniffed), the rest the body, read as an upload and as a correction.
exit(FuzzDriver.run { data, count in
    let (contentType, body) = FuzzInput.headerAndBody(FuzzInput.bytes(data, count))
    _ = try? Upload.parse(body: body, contentType: contentType.isEmpty ? nil : contentType)
    _ = try? FeedbackSubmission.fromJSON(body)
    return 0
})
