import Foundation

/// Where corrections are kept: SQLite in a data folder for one instance, PostgreSQL for several.
///
/// Every method returns only after the database has committed (or refused) the change, so a
/// caller that acknowledges a correction after `insert` never acknowledges one that a crash can
/// lose. Both implementations pass the same test suite.
public protocol FeedbackStore: Sendable {
    /// Stores `record` and returns its id. When `record.idempotencyKey` was already stored, stores
    /// nothing and returns the id stored with it, so a retried request is acknowledged once.
    func insert(_ record: FeedbackRecord) async throws(StorageError) -> UUID

    /// Up to `limit` records, newest first, starting after the record `after` (from the newest
    /// when `nil`). Throws `.unknownRecord` when `after` names no stored record.
    func page(after: UUID?, limit: Int) async throws(StorageError) -> FeedbackPage

    /// Deletes the record `id`; `false` when there was none.
    func delete(_ id: UUID) async throws(StorageError) -> Bool

    /// How many records are stored.
    func count() async throws(StorageError) -> Int

    /// Releases the connections; the store is not used afterwards.
    func close() async
}

extension FeedbackStore {
    /// Every record, newest first, read a page at a time.
    public func all(pageSize: Int = 500) async throws(StorageError) -> [FeedbackRecord] {
        var records: [FeedbackRecord] = []
        var after: UUID?
        repeat {
            let page = try await page(after: after, limit: pageSize)
            records += page.items
            after = page.next
        } while after != nil
        return records
    }
}
