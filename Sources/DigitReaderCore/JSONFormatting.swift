import Foundation

/// The one way Digit Reader formats JSON: keys sorted (so answers and retrained cards diff
/// cleanly) and slashes left alone (paths and data URLs stay readable).
public enum JSONFormatting {
    /// An encoder for files and reports a person reads: indented.
    public static var pretty: JSONEncoder {
        let encoder = compact
        encoder.outputFormatting.insert(.prettyPrinted)
        return encoder
    }

    /// An encoder for API answers: one line.
    public static var compact: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
