import Foundation

/// Reads and writes model cards as stable, human-readable JSON.
public enum ModelCardFile {
    public static func write(_ card: ModelCard, to url: URL) throws {
        try JSONFormatting.pretty.encode(card).write(to: url, options: .atomic)
    }
}
