import Foundation

/// Reads the non-empty lines of a JSON Lines file with their 1-based line numbers.
enum DatasetLines {
    static func read(_ url: URL) throws(DatasetLoadingError) -> [(number: Int, data: Data)] {
        let contents: Data
        do {
            contents = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        var lines: [(number: Int, data: Data)] = []
        var number = 0
        for line in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) {
                lines.append((number, Data(line)))
            }
        }
        return lines
    }
}
