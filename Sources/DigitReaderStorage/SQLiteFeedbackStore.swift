import Foundation
import GRDB

/// Corrections in one SQLite file, `feedback.sqlite` in the data folder: the default store for a
/// single instance.
///
/// The database runs in WAL mode (readers never wait for the writer) with `synchronous=FULL`, so
/// a transaction that has committed survives a crash or power cut; `insert` returns only then.
public struct SQLiteFeedbackStore: FeedbackStore {
    /// The database file's name inside the data folder.
    public static let fileName = "feedback.sqlite"

    private let pool: DatabasePool

    /// Opens (creating when missing) the data folder and its database, and migrates it to
    /// `version` (the latest by default; tests ask for an older one).
    public init(directory: URL, version: FeedbackSchemaVersion = .latest) throws(StorageError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .invalidLocation("cannot create the data folder \(directory.path): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: directory.appendingPathComponent(Self.fileName).path, configuration: configuration)
            try Self.migrator.migrate(pool, upTo: version.rawValue)
        } catch {
            throw .unavailable("cannot open \(directory.appendingPathComponent(Self.fileName).path): \(error)")
        }
    }

    /// The versioned migrations, named as `FeedbackSchemaVersion` names them.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(FeedbackSchemaVersion.v1.rawValue) { db in
            try db.execute(sql: """
                CREATE TABLE feedback (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    created_at_ms INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    model TEXT,
                    predicted TEXT,
                    upload BLOB NOT NULL,
                    upload_kind TEXT NOT NULL,
                    strokes TEXT,
                    input_png BLOB NOT NULL,
                    answers TEXT NOT NULL
                )
                """)
        }
        migrator.registerMigration(FeedbackSchemaVersion.v2.rawValue) { db in
            try db.execute(sql: "ALTER TABLE feedback ADD COLUMN idempotency_key TEXT")
            try db.execute(sql: "CREATE UNIQUE INDEX feedback_idempotency_key ON feedback (idempotency_key)")
        }
        return migrator
    }

    public func insert(_ record: FeedbackRecord) async throws(StorageError) -> UUID {
        try await write { db in
            if let key = record.idempotencyKey,
                let existing = try String.fetchOne(db, sql: "SELECT id FROM feedback WHERE idempotency_key = ?", arguments: [key])
            {
                return try Self.uuid(existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO feedback (id, created_at_ms, label, model, predicted, upload, upload_kind, strokes, input_png, answers, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id.uuidString.lowercased(), record.createdAt.milliseconds, record.label, record.model, record.predicted,
                    record.upload, record.uploadKind, record.strokes, record.inputPNG, AnswersJSON.encode(record.answers),
                    record.idempotencyKey,
                ])
            return record.id
        }
    }

    public func page(after: UUID?, limit: Int) async throws(StorageError) -> FeedbackPage {
        let limit = max(0, limit)
        let rows: [FeedbackRecord]? = try await read { db in
            var bound = Int64.max
            if let after {
                guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM feedback WHERE id = ?", arguments: [after.uuidString.lowercased()]) else {
                    return nil
                }
                bound = seq
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM feedback WHERE seq < ? ORDER BY seq DESC LIMIT ?", arguments: [bound, limit + 1])
                .map(Self.record)
        }
        guard let rows else { throw .unknownRecord(after!) }
        let items = Array(rows.prefix(limit))
        return FeedbackPage(items: items, next: rows.count > limit ? items.last?.id : nil)
    }

    public func delete(_ id: UUID) async throws(StorageError) -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM feedback WHERE id = ?", arguments: [id.uuidString.lowercased()])
            return db.changesCount > 0
        }
    }

    public func count() async throws(StorageError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM feedback") ?? 0 }
    }

    public func close() async {
        try? pool.close()
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StorageError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StorageError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StorageError {
            throw error
        } catch {
            throw .unavailable("\(error)")
        }
    }

    private static func uuid(_ text: String) throws(StorageError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw .corrupt("the stored id '\(text)' is not a UUID") }
        return id
    }

    private static func record(_ row: Row) throws(StorageError) -> FeedbackRecord {
        let id = try uuid(row["id"])
        return FeedbackRecord(
            id: id, createdAt: Date(milliseconds: row["created_at_ms"]), label: row["label"], model: row["model"],
            predicted: row["predicted"], upload: row["upload"], uploadKind: row["upload_kind"], strokes: row["strokes"],
            inputPNG: row["input_png"], answers: try AnswersJSON.decode(row["answers"], id: id),
            idempotencyKey: row.hasColumn("idempotency_key") ? row["idempotency_key"] : nil)
    }
}
