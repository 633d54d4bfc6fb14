import DigitReaderStorage
import Foundation

/// The body of `GET /api/feedback`: one page of corrections, newest first, without the uploads
/// (the export carries the pictures).
public struct FeedbackListing: Codable, Sendable, Equatable {
    /// Page size when the request gives none, and the most a request may ask for.
    public static let defaultLimit = 50
    public static let maxLimit = 500

    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
        /// ISO 8601, UTC, milliseconds.
        public var createdAt: String
        public var model: String?
        public var predicted: String?
        /// `image` or `strokes`.
        public var uploadKind: String
        /// Every model's answer at the time, with the sha256 of its weights.
        public var answers: [ModelAnswer]
    }

    public var items: [Item]
    /// The id to pass as `after` for the next page; `null` on the last.
    public var next: String?

    public init(_ page: FeedbackPage) {
        items = page.items.map {
            Item(
                id: $0.id.uuidString.lowercased(), label: $0.label, createdAt: Self.timestamp($0.createdAt),
                model: $0.model, predicted: $0.predicted, uploadKind: $0.uploadKind, answers: $0.answers)
        }
        next = page.next?.uuidString.lowercased()
    }

    /// `after` and `limit` from the query string.
    static func cursor(after: Substring?, limit: Substring?) throws(APIError) -> (after: UUID?, limit: Int) {
        var cursor: (after: UUID?, limit: Int) = (nil, defaultLimit)
        if let after, !after.isEmpty {
            guard let id = UUID(uuidString: String(after)) else { throw .invalidFeedbackID(after) }
            cursor.after = id
        }
        if let limit {
            guard let value = Int(limit), (1...maxLimit).contains(value) else { throw .invalidLimit(limit) }
            cursor.limit = value
        }
        return cursor
    }

    /// `2026-11-30T05:15:47.123Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    // `encodeIfPresent` would drop `next` on the last page; the API promises an explicit null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(next, forKey: .next)
    }
}
