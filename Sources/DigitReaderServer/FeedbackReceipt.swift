/// The body of `201 Created` from `POST /api/feedback`: the stored correction's id.
public struct FeedbackReceipt: Codable, Sendable, Equatable {
    public var id: String
}
