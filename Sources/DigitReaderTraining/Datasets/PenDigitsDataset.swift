import DigitReaderCore
import Foundation

/// The UCI pen-based digits (real tablet trajectories) in the JSON Lines form of
/// `shared/datasets/pendigits-dev`: `{"label": 8, "writer": 3, "strokes": [[[x, y], ...], ...]}`.
///
/// It is the closest stand-in for what people draw on the web page; replayed through
/// `StrokeRenderer` it measures preprocessing and recognizers, and writers 1-25 are trained on
/// (`HandwritingSplit` says which writers are for what).
public struct PenDigitsDataset: Sendable {
    /// All digits in file order.
    public let digits: [PenDigit]

    private struct Record: Decodable {
        let label: Int
        let writer: Int
        let strokes: [[[Float]]]
    }

    /// Loads a `.jsonl` file.
    public init(contentsOf url: URL) throws(DatasetLoadingError) {
        let records = try DatasetLines.decode(url, as: Record.self)
        var digits: [PenDigit] = []
        digits.reserveCapacity(records.count)
        for (number, record) in records {
            guard (0...9).contains(record.label) else {
                throw .malformedLine(path: url.path, line: number, reason: "label \(record.label) is not a digit 0...9")
            }
            var strokes: [[SIMD2<Float>]] = []
            for stroke in record.strokes {
                var points: [SIMD2<Float>] = []
                for point in stroke {
                    guard point.count == 2 else {
                        throw .malformedLine(path: url.path, line: number, reason: "a point has \(point.count) coordinates, not 2")
                    }
                    guard point[0].isFinite, point[1].isFinite else {
                        throw .malformedLine(path: url.path, line: number, reason: "a point has a coordinate that is not a finite number")
                    }
                    points.append(SIMD2(point[0], point[1]))
                }
                strokes.append(points)
            }
            digits.append(PenDigit(label: record.label, writer: record.writer, strokes: strokes))
        }
        self.digits = digits
    }
}
