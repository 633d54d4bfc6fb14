import DigitReaderCore
import Foundation

/// The UCI optical (scanned) digits in the JSON Lines form of `shared/datasets/optdigits-dev`:
/// `{"label": 4, "part": "tra", "rows": ["0000...", ... 32 strings of 32 '0'/'1']}`, '1' = ink.
///
/// These were stretched to fill their box (aspect ratio lost), so they check that preprocessing
/// copes with digits unlike MNIST's. Only the `tra` part may be trained on (`HandwritingSplit`).
public struct OptDigitsDataset: Sendable {
    /// All digits in file order.
    public let digits: [OptDigit]

    private struct Record: Decodable {
        let label: Int
        let part: OptDigit.Part
        let rows: [String]
    }

    /// Loads a `.jsonl` file.
    public init(contentsOf url: URL) throws(DatasetLoadingError) {
        let records = try DatasetLines.decode(url, as: Record.self)
        var digits: [OptDigit] = []
        digits.reserveCapacity(records.count)
        for (number, record) in records {
            let side = OptDigit.side
            guard (0...9).contains(record.label) else {
                throw .malformedLine(path: url.path, line: number, reason: "label \(record.label) is not a digit 0...9")
            }
            guard record.rows.count == side, record.rows.allSatisfy({ $0.utf8.count == side }) else {
                throw .malformedLine(path: url.path, line: number, reason: "expected \(side) rows of \(side) characters")
            }
            var bitmap: [Bool] = []
            bitmap.reserveCapacity(side * side)
            for row in record.rows {
                for character in row.utf8 {
                    guard character == UInt8(ascii: "0") || character == UInt8(ascii: "1") else {
                        throw .malformedLine(path: url.path, line: number, reason: "rows may only contain '0' and '1'")
                    }
                    bitmap.append(character == UInt8(ascii: "1"))
                }
            }
            digits.append(OptDigit(label: record.label, part: record.part, bitmap: bitmap))
        }
        self.digits = digits
    }
}
