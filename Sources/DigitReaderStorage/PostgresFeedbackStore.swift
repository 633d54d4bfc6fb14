import Foundation
import Logging
import PostgresNIO

/// Corrections in a PostgreSQL database, so several instances behind a proxy share one store.
///
/// Every write is one transaction that has committed before `insert` returns. The schema is
/// migrated on opening under an advisory lock, so two instances starting together apply each
/// migration once.
public struct PostgresFeedbackStore: FeedbackStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` (`postgres://user:password@host:port/database`) and migrates its
    /// schema to `version` (the latest by default; tests ask for an older one).
    public static func open(url: String, version: FeedbackSchemaVersion = .latest, logger: Logger) async throws(StorageError) -> PostgresFeedbackStore {
        let store = PostgresFeedbackStore(client: PostgresClient(configuration: try configuration(url), backgroundLogger: logger), logger: logger)
        do throws(StorageError) {
            try await store.migrate(to: version)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// The client configuration for a `postgres://` or `postgresql://` URL.
    static func configuration(_ text: String) throws(StorageError) -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let host = url.host, !host.isEmpty
        else {
            throw .invalidLocation("'\(text)' is not a URL like postgres://user:password@host:port/database")
        }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        var configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 16
        return configuration
    }

    /// The SQL of each migration, named as `FeedbackSchemaVersion` names them.
    static func statements(_ version: FeedbackSchemaVersion) -> [String] {
        switch version {
        case .v1:
            ["""
            CREATE TABLE feedback (
                seq BIGSERIAL PRIMARY KEY,
                id UUID NOT NULL UNIQUE,
                created_at_ms BIGINT NOT NULL,
                label TEXT NOT NULL,
                model TEXT,
                predicted TEXT,
                upload BYTEA NOT NULL,
                upload_kind TEXT NOT NULL,
                strokes TEXT,
                input_png BYTEA NOT NULL,
                answers TEXT NOT NULL
            )
            """]
        case .v2:
            [
                "ALTER TABLE feedback ADD COLUMN idempotency_key TEXT",
                "CREATE UNIQUE INDEX feedback_idempotency_key ON feedback (idempotency_key)",
            ]
        }
    }

    private func migrate(to target: FeedbackSchemaVersion) async throws(StorageError) {
        try await run { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7263190412)", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS feedback_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                    logger: logger)
                var applied = Set<String>()
                for try await version in try await connection.query("SELECT version FROM feedback_migrations", logger: logger).decode(String.self) {
                    applied.insert(version)
                }
                for version in FeedbackSchemaVersion.allCases where version <= target && !applied.contains(version.rawValue) {
                    for sql in Self.statements(version) {
                        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    }
                    try await connection.query("INSERT INTO feedback_migrations (version) VALUES (\(version.rawValue))", logger: logger)
                }
            }
        }
    }

    public func insert(_ record: FeedbackRecord) async throws(StorageError) -> UUID {
        try await run { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                let inserted = try await connection.query(
                    """
                    INSERT INTO feedback (id, created_at_ms, label, model, predicted, upload, upload_kind, strokes, input_png, answers, idempotency_key)
                    VALUES (\(record.id), \(record.createdAt.milliseconds), \(record.label), \(record.model), \(record.predicted),
                            \(record.upload), \(record.uploadKind), \(record.strokes), \(record.inputPNG), \(AnswersJSON.encode(record.answers)),
                            \(record.idempotencyKey))
                    ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING id
                    """, logger: logger)
                for try await id in inserted.decode(UUID.self) { return id }
                // The key was stored by an earlier request (committed, since ON CONFLICT waited for it).
                let existing = try await connection.query("SELECT id FROM feedback WHERE idempotency_key = \(record.idempotencyKey)", logger: logger)
                for try await id in existing.decode(UUID.self) { return id }
                throw StorageError.unavailable("the idempotency key conflicted but no record holds it")
            }
        }
    }

    public func page(after: UUID?, limit: Int) async throws(StorageError) -> FeedbackPage {
        let limit = max(0, limit)
        let rows: [PostgresRandomAccessRow]? = try await run { client, logger in
            var bound = Int64.max
            if let after {
                var found: Int64?
                for try await seq in try await client.query("SELECT seq FROM feedback WHERE id = \(after)", logger: logger).decode(Int64.self) {
                    found = seq
                }
                guard let found else { return nil }
                bound = found
            }
            var rows: [PostgresRandomAccessRow] = []
            let sequence = try await client.query(
                "SELECT * FROM feedback WHERE seq < \(bound) ORDER BY seq DESC LIMIT \(limit + 1)", logger: logger)
            for try await row in sequence { rows.append(row.makeRandomAccess()) }
            return rows
        }
        guard let rows else { throw .unknownRecord(after!) }
        var items: [FeedbackRecord] = []
        for row in rows.prefix(limit) { items.append(try Self.record(row)) }
        return FeedbackPage(items: items, next: rows.count > limit ? items.last?.id : nil)
    }

    public func delete(_ id: UUID) async throws(StorageError) -> Bool {
        try await run { client, logger in
            var deleted = false
            for try await _ in try await client.query("DELETE FROM feedback WHERE id = \(id) RETURNING id", logger: logger) { deleted = true }
            return deleted
        }
    }

    public func count() async throws(StorageError) -> Int {
        try await run { client, logger in
            var count = 0
            for try await value in try await client.query("SELECT COUNT(*) FROM feedback", logger: logger).decode(Int.self) { count = value }
            return count
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// How long one operation may wait for the database (a connection, a lock, an answer)
    /// before it is reported unavailable, so a client hears 503 instead of waiting for the pool
    /// to give up reconnecting.
    static let timeout = Duration.seconds(10)

    /// Runs `body`, reporting any database failure, or no answer within `timeout`, as
    /// `.unavailable` (nothing was acknowledged; a retry with the same idempotency key is safe).
    private func run<T: Sendable>(_ body: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws(StorageError) -> T {
        let (client, logger) = (self.client, self.logger)
        do {
            return try await withThrowingTaskGroup(of: T.self) { group in
                group.addTask { try await body(client, logger) }
                group.addTask {
                    try await Task.sleep(for: Self.timeout)
                    throw StorageError.unavailable("PostgreSQL did not answer within \(Self.timeout)")
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch let error as StorageError {
            throw error
        } catch let error as PSQLError {
            throw .unavailable(error.serverInfo?[.message] ?? "\(error.code)")
        } catch {
            throw .unavailable("\(error)")
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws(StorageError) -> FeedbackRecord {
        do {
            let id = try row["id"].decode(UUID.self)
            return FeedbackRecord(
                id: id, createdAt: Date(milliseconds: try row["created_at_ms"].decode(Int64.self)),
                label: try row["label"].decode(String.self), model: try row["model"].decode(String?.self),
                predicted: try row["predicted"].decode(String?.self), upload: try row["upload"].decode(Data.self),
                uploadKind: try row["upload_kind"].decode(String.self), strokes: try row["strokes"].decode(String?.self),
                inputPNG: try row["input_png"].decode(Data.self),
                answers: try AnswersJSON.decode(try row["answers"].decode(String.self), id: id),
                idempotencyKey: row.contains("idempotency_key") ? try row["idempotency_key"].decode(String?.self) : nil)
        } catch let error as StorageError {
            throw error
        } catch {
            throw .corrupt("\(error)")
        }
    }
}
