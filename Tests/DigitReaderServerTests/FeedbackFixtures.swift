import DigitReaderStorage
import Foundation

/// Corrections to store in tests, each distinct in every field.
enum FeedbackFixtures {
    static func record(_ index: Int, key: String? = nil, createdAt: Date = Date()) -> FeedbackRecord {
        FeedbackRecord(
            createdAt: createdAt, label: String(index % 10), model: index.isMultiple(of: 2) ? "wide-cnn" : nil,
            predicted: String((index + 1) % 10), upload: Data([0x89, 0x50, 0x4E, 0x47, UInt8(index % 256)]),
            uploadKind: index.isMultiple(of: 3) ? "strokes" : "image",
            strokes: index.isMultiple(of: 3) ? "[[[1,2],[3,\(index)]]]" : nil,
            inputPNG: Data([UInt8(index % 256), 1, 2, 3]),
            answers: [
                ModelAnswer(model: "wide-cnn", digit: (index + 1) % 10, confidence: 0.75, weightsSHA256: String(repeating: "a", count: 64)),
                ModelAnswer(
                    model: "ensemble", digit: nil, confidence: 0.5, weightsSHA256: String(repeating: "b", count: 64),
                    verifierSHA256: index.isMultiple(of: 2) ? String(repeating: "c", count: 64) : nil),
            ],
            idempotencyKey: key)
    }

    /// The answers column as the previous version wrote it.
    static func answersJSON(_ answers: [ModelAnswer]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(answers), as: UTF8.self)
    }
}
