import DigitReaderStorage
import Foundation
import Testing

/// The storage tests, run against SQLite and PostgreSQL alike (`SQLiteFeedbackStoreTests`,
/// `PostgresFeedbackStoreTests`): both stores must behave the same.
enum FeedbackStoreSuite {
    /// Runs `body` with a store on a fresh database, then closes and removes it.
    static func withStore(_ backend: some FeedbackStoreBackend, _ body: (any FeedbackStore) async throws -> Void) async throws {
        let store = try await backend.open(version: .latest)
        do {
            try await body(store)
        } catch {
            await store.close()
            await backend.remove()
            throw error
        }
        await store.close()
        await backend.remove()
    }

    static func migratesFromEmpty(_ backend: some FeedbackStoreBackend) async throws {
        let record = FeedbackFixtures.record(4, key: "k-4")
        let store = try await backend.open(version: .latest)
        #expect(try await store.count() == 0)
        #expect(try await store.insert(record) == record.id)
        await store.close()
        // Opening an up-to-date database again applies nothing and keeps what it holds.
        try await withStore(backend) { store in
            let page = try await store.page(after: nil, limit: 10)
            #expect(page.items == [record])
            #expect(page.next == nil)
        }
    }

    static func migratesFromPreviousVersion(_ backend: some FeedbackStoreBackend) async throws {
        let old = try await backend.open(version: .v1)
        await old.close()
        let written = FeedbackFixtures.record(7)
        try await backend.insertAsPreviousVersion(written)
        try await withStore(backend) { (store: any FeedbackStore) async throws in
            #expect(try await store.page(after: nil, limit: 10).items == [written])
            // The new column works on the migrated table: keys are unique, old rows have none.
            let keyed = FeedbackFixtures.record(8, key: "after-migration")
            #expect(try await store.insert(keyed) == keyed.id)
            #expect(try await store.insert(FeedbackFixtures.record(9, key: "after-migration")) == keyed.id)
            #expect(try await store.count() == 2)
        }
    }

    static func idempotencyKeys(_ backend: some FeedbackStoreBackend) async throws {
        try await withStore(backend) { store in
            let first = FeedbackFixtures.record(1, key: "retry-me")
            #expect(try await store.insert(first) == first.id)
            // A retry arrives as a new record with a new id: the stored id comes back.
            #expect(try await store.insert(FeedbackFixtures.record(1, key: "retry-me")) == first.id)
            #expect(try await store.count() == 1)

            // Sixteen concurrent retries of one new key store one record and agree on its id.
            let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await store.insert(FeedbackFixtures.record(2, key: "concurrent")) }
                }
                return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(try await store.count() == 2)

            // Without a key every request is a new correction.
            _ = try await store.insert(FeedbackFixtures.record(3))
            _ = try await store.insert(FeedbackFixtures.record(3))
            #expect(try await store.count() == 4)
        }
    }

    static func pagination(_ backend: some FeedbackStoreBackend) async throws {
        try await withStore(backend) { store in
            var inserted: [FeedbackRecord] = []
            for index in 0..<7 {
                let record = FeedbackFixtures.record(index, key: "page-\(index)")
                _ = try await store.insert(record)
                inserted.append(record)
            }
            let first = try await store.page(after: nil, limit: 3)
            let second = try await store.page(after: first.next, limit: 3)
            let third = try await store.page(after: second.next, limit: 3)
            #expect(first.items.map(\.id) == inserted.reversed().prefix(3).map(\.id))
            #expect(second.items.map(\.id) == inserted.reversed().dropFirst(3).prefix(3).map(\.id))
            #expect(third.items == [inserted[0]])
            #expect(first.next == first.items.last?.id)
            #expect(third.next == nil)
            #expect(try await store.all(pageSize: 2) == inserted.reversed())
            #expect(try await store.page(after: nil, limit: 7).next == nil)

            let unknown = UUID()
            await #expect(throws: StorageError.unknownRecord(unknown)) { try await store.page(after: unknown, limit: 3) }
        }
    }

    static func deletion(_ backend: some FeedbackStoreBackend) async throws {
        try await withStore(backend) { store in
            let kept = FeedbackFixtures.record(1, key: "kept")
            let removed = FeedbackFixtures.record(2, key: "removed")
            _ = try await store.insert(kept)
            _ = try await store.insert(removed)
            #expect(try await store.delete(removed.id))
            #expect(try await store.delete(removed.id) == false)
            #expect(try await store.all() == [kept])
            #expect(try await store.count() == 1)
            // Its key is free again: sending it once more stores a new correction.
            let again = FeedbackFixtures.record(2, key: "removed")
            #expect(try await store.insert(again) == again.id)
        }
    }
}

@Suite("Feedback store: SQLite")
struct SQLiteFeedbackStoreTests {
    @Test func migratesFromEmpty() async throws { try await FeedbackStoreSuite.migratesFromEmpty(SQLiteBackend()) }
    @Test func migratesFromPreviousVersion() async throws { try await FeedbackStoreSuite.migratesFromPreviousVersion(SQLiteBackend()) }
    @Test func idempotencyKeys() async throws { try await FeedbackStoreSuite.idempotencyKeys(SQLiteBackend()) }
    @Test func pagination() async throws { try await FeedbackStoreSuite.pagination(SQLiteBackend()) }
    @Test func deletion() async throws { try await FeedbackStoreSuite.deletion(SQLiteBackend()) }

    @Test func createsTheDataFolderInWALMode() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        await store.close()
        // A WAL database says so in its header (file format bytes 18 and 19 are 2).
        let header = try Data(contentsOf: backend.directory.appendingPathComponent(SQLiteFeedbackStore.fileName)).prefix(20)
        #expect(header[18] == 2 && header[19] == 2)
        await backend.remove()
    }
}

@Suite("Feedback store: PostgreSQL", .enabled(if: PostgresBackend.enabled, "needs \(PostgresBackend.environmentKey); Tests/run-all.sh and CI always set it"))
struct PostgresFeedbackStoreTests {
    @Test func migratesFromEmpty() async throws { try await FeedbackStoreSuite.migratesFromEmpty(try await PostgresBackend.make()) }
    @Test func migratesFromPreviousVersion() async throws { try await FeedbackStoreSuite.migratesFromPreviousVersion(try await PostgresBackend.make()) }
    @Test func idempotencyKeys() async throws { try await FeedbackStoreSuite.idempotencyKeys(try await PostgresBackend.make()) }
    @Test func pagination() async throws { try await FeedbackStoreSuite.pagination(try await PostgresBackend.make()) }
    @Test func deletion() async throws { try await FeedbackStoreSuite.deletion(try await PostgresBackend.make()) }

    @Test func refusesAnythingButAPostgresURL() async throws {
        await #expect(throws: StorageError.self) { try await PostgresFeedbackStore.open(url: "mysql://x@127.0.0.1/db", logger: TestServer.logger) }
        #expect(throws: StorageError.self) { try FeedbackStoreLocation(dataDirectory: nil, database: "/tmp/x.sqlite") }
    }
}
