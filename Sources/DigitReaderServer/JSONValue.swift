/// A JSON document with object keys in a fixed order, and its serialisation.
///
/// The API's answers are written through this instead of `JSONEncoder` for two reasons: keys
/// come out in the documented order (`model`, `digit`, `confidence`, ...) rather than in hash
/// order, which makes answers and logs readable and diffable; and it is several times faster,
/// which matters when a prediction itself takes well under a millisecond.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Float)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order they are written.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized == rhs.serialized
    }

    /// Compact JSON text; slashes are not escaped (data URLs are full of them), non-finite
    /// numbers, which JSON cannot express, become `null`. Numbers use Swift's shortest
    /// round-trip form (`0.9911951`, `6.893797e-05`), which is valid JSON.
    public var serialized: String {
        var text = ""
        write(into: &text)
        return text
    }

    /// Appends the JSON text of this value to `text`.
    public func write(into text: inout String) {
        switch self {
        case .null:
            text += "null"
        case .bool(let value):
            text += value ? "true" : "false"
        case .int(let value):
            text += String(value)
        case .float(let value):
            text += value.isFinite ? value.description : "null"
        case .double(let value):
            text += value.isFinite ? value.description : "null"
        case .string(let value):
            Self.writeString(value, into: &text)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.write(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { text += "," }
                Self.writeString(key, into: &text)
                text += ":"
                value.write(into: &text)
            }
            text += "}"
        }
    }

    private static func writeString(_ value: String, into text: inout String) {
        text += "\""
        var plainStart = value.unicodeScalars.startIndex
        var index = plainStart
        let scalars = value.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case _ where scalar.value < 0x20:
                    "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
                default: nil
                }
            if let escape {
                text.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
                text += escape
                plainStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        text.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        text += "\""
    }
}
