import Foundation

/// How a record's model answers are kept in a text column: JSON, keys sorted.
enum AnswersJSON {
    static func encode(_ answers: [ModelAnswer]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings and finite numbers cannot fail; a non-finite confidence is
        // stored as no answers rather than crashing a write.
        guard let data = try? encoder.encode(answers) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String, id: UUID) throws(StorageError) -> [ModelAnswer] {
        do {
            return try JSONDecoder().decode([ModelAnswer].self, from: Data(text.utf8))
        } catch {
            throw .corrupt("the answers of \(id.uuidString.lowercased()) are not valid JSON (\(error))")
        }
    }
}
