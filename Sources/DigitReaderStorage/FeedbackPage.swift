import Foundation

/// One page of stored corrections, newest first.
public struct FeedbackPage: Sendable, Equatable {
    public var items: [FeedbackRecord]
    /// The id to pass as `after` for the next page; `nil` on the last page.
    public var next: UUID?

    public init(items: [FeedbackRecord], next: UUID?) {
        self.items = items
        self.next = next
    }
}
