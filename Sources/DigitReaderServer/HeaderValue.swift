/// A structured header value such as `multipart/form-data; boundary="abc"` or
/// `form-data; name="image"; filename="7.png"`: a main value and `;`-separated parameters.
///
/// Quoted parameter values may contain `;` and backslash escapes, which is why a plain split
/// on `;` would misread real browser uploads (file names with semicolons).
public struct HeaderValue: Sendable, Equatable {
    /// The main value, lowercased and trimmed, e.g. `multipart/form-data`.
    public var value: String
    /// Parameters by lowercased name, values unquoted (case kept).
    public var parameters: [String: String]

    /// Parses `text`; malformed parameters are skipped, later duplicates ignored.
    public init(parsing text: some StringProtocol) {
        let characters = Array(text)
        var index = 0
        func skipSpaces() {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        }
        var main = ""
        while index < characters.count, characters[index] != ";" {
            main.append(characters[index])
            index += 1
        }
        value = main.trimmingSpaces().lowercased()
        parameters = [:]
        while index < characters.count {
            index += 1  // past ';'
            skipSpaces()
            var name = ""
            while index < characters.count, characters[index] != "=", characters[index] != ";" {
                name.append(characters[index])
                index += 1
            }
            guard index < characters.count, characters[index] == "=" else { continue }
            index += 1
            skipSpaces()
            var parameter = ""
            if index < characters.count, characters[index] == "\"" {
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    parameter.append(characters[index])
                    index += 1
                }
                index += 1  // past the closing quote
                while index < characters.count, characters[index] != ";" { index += 1 }
            } else {
                while index < characters.count, characters[index] != ";" {
                    parameter.append(characters[index])
                    index += 1
                }
                parameter = parameter.trimmingSpaces()
            }
            let key = name.trimmingSpaces().lowercased()
            if !key.isEmpty, parameters[key] == nil { parameters[key] = parameter }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
