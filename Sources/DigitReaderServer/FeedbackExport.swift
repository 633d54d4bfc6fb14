import DigitReaderStorage
import Foundation

/// Every correction as one zip: `<label>/<id>.png` (the 28 x 28 input the models saw) and
/// `corrections.csv` with one line per correction; its `answers` column lists
/// `model:answer:confidence` per model, the answer being the digit or number read (`none` when
/// unsure).
///
/// The folder per label is the layout image-folder loaders expect.
enum FeedbackExport {
    static let csvName = "corrections.csv"
    static let csvHeader = "id,label,file,created_at,model,predicted,upload_kind,answers"

    static func zip(_ records: [FeedbackRecord]) throws(APIError) -> Data {
        var csv = csvHeader + "\n"
        var archive = StoredZip()
        do throws(StoredZip.Failure) {
            for record in records {
                let id = record.id.uuidString.lowercased()
                let file = "\(record.label)/\(id).png"
                try archive.append(record.inputPNG, path: file, modified: record.createdAt)
                let answers = record.answers.map { "\($0.model):\($0.text ?? $0.digit.map(String.init) ?? "none"):\($0.confidence)" }
                    .joined(separator: ";")
                let fields = [id, record.label, file, FeedbackListing.timestamp(record.createdAt), record.model ?? "", record.predicted ?? "", record.uploadKind, answers]
                csv += fields.map(quoted).joined(separator: ",") + "\n"
            }
            try archive.append(Array(csv.utf8), path: csvName, modified: Date())
        } catch {
            throw .internalFailure("The server could not build the export archive: \(error.description)")
        }
        return archive.data
    }

    /// A CSV field: quoted when it holds a comma, quote or line break (RFC 4180).
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
