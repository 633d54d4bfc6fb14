import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` upload, as the original jQuery client
/// sends them: `imageBase64` (or `image`) holding the picture as a data URL.
///
/// Decoded by Hummingbird's `URLEncodedFormDecoder`, whose rules are the ones that client
/// relies on: `+` is a space and `%XX` a byte, so a percent-encoded data URL decodes intact.
public struct ImageForm: Decodable, Sendable, Equatable {
    public var image: String?
    public var imageBase64: String?

    /// The data URL or base64 text of whichever field is present (`image` first).
    public var picture: String? { image ?? imageBase64 }

    /// Reads a form body; malformed percent escapes or invalid UTF-8 are `invalid_form`.
    public static func decode(_ body: [UInt8]) throws(APIError) -> ImageForm {
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .invalidForm("the form is not valid UTF-8")
        }
        do {
            return try URLEncodedFormDecoder().decode(ImageForm.self, from: text)
        } catch let error as URLEncodedFormError {
            throw .invalidForm(error.description)
        } catch {
            throw .invalidForm("\(error)")
        }
    }
}
