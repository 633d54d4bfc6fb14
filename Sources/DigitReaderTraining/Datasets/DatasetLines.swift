import DigitReaderCore
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

    /// Decodes every non-empty line as `Record`, naming the line of the first one that fails.
    static func decode<Record: Decodable>(_ url: URL, as type: Record.Type) throws(DatasetLoadingError) -> [(number: Int, record: Record)] {
        let decoder = JSONDecoder()
        var records: [(number: Int, record: Record)] = []
        for (number, line) in try read(url) {
            do {
                records.append((number, try decoder.decode(Record.self, from: line)))
            } catch {
                throw .malformedLine(path: url.path, line: number, reason: "\(error)")
            }
        }
        return records
    }
}
