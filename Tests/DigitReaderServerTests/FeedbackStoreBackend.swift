import DigitReaderStorage
import Foundation
import GRDB
import Logging
import PostgresNIO

/// One kind of feedback database for the shared storage suite: where a fresh empty database is,
/// how to open the store on it, and how the previous schema version wrote a record.
protocol FeedbackStoreBackend: Sendable {
    /// Opens the store on this backend's database, migrated to `version`.
    func open(version: FeedbackSchemaVersion) async throws -> any FeedbackStore
    /// Writes `record` the way the previous version (`v1`, no idempotency keys) did.
    func insertAsPreviousVersion(_ record: FeedbackRecord) async throws
    /// Removes the database.
    func remove() async
}

/// A fresh SQLite data folder in the temporary directory.
struct SQLiteBackend: FeedbackStoreBackend {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feedback-\(UUID().uuidString)", isDirectory: true)

    func open(version: FeedbackSchemaVersion) async throws -> any FeedbackStore {
        try SQLiteFeedbackStore(directory: directory, version: version)
    }

    func insertAsPreviousVersion(_ record: FeedbackRecord) async throws {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteFeedbackStore.fileName).path)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO feedback (id, created_at_ms, label, model, predicted, upload, upload_kind, strokes, input_png, answers)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.id.uuidString.lowercased(), Int64((record.createdAt.timeIntervalSince1970 * 1000).rounded()), record.label,
                    record.model, record.predicted, record.upload, record.uploadKind, record.strokes, record.inputPNG,
                    FeedbackFixtures.answersJSON(record.answers),
                ])
        }
        try queue.close()
    }

    func remove() async {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A fresh database on the PostgreSQL server named by `$DIGIT_READER_TEST_POSTGRES`
/// (`Tests/run-all.sh` starts one and sets it).
struct PostgresBackend: FeedbackStoreBackend {
    static let environmentKey = "DIGIT_READER_TEST_POSTGRES"
    /// The server's URL, when the environment names one.
    static var serverURL: String? { ProcessInfo.processInfo.environment[environmentKey] }
    /// Whether the PostgreSQL suite runs: always in CI (and fails there without a server), and
    /// wherever a server is named.
    static var enabled: Bool { serverURL != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    let server: String
    let database = "feedback_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"

    static func make() async throws -> PostgresBackend {
        guard let server = serverURL else {
            throw BackendError("\(environmentKey) is not set; run the tests through Tests/run-all.sh, which starts a PostgreSQL server")
        }
        let backend = PostgresBackend(server: server)
        try await backend.admin { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(backend.database)"))
        }
        return backend
    }

    var url: String {
        var components = URLComponents(string: server)!
        components.path = "/\(database)"
        return components.string!
    }

    func open(version: FeedbackSchemaVersion) async throws -> any FeedbackStore {
        try await PostgresFeedbackStore.open(url: url, version: version, logger: TestServer.logger)
    }

    func insertAsPreviousVersion(_ record: FeedbackRecord) async throws {
        try await withClient(url) { client in
            try await client.query(
                """
                INSERT INTO feedback (id, created_at_ms, label, model, predicted, upload, upload_kind, strokes, input_png, answers)
                VALUES (\(record.id), \(Int64((record.createdAt.timeIntervalSince1970 * 1000).rounded())), \(record.label), \(record.model),
                        \(record.predicted), \(record.upload), \(record.uploadKind), \(record.strokes), \(record.inputPNG),
                        \(FeedbackFixtures.answersJSON(record.answers)))
                """)
        }
    }

    func remove() async {
        try? await admin { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"))
        }
    }

    private func admin(_ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        try await withClient(server, body)
    }

    private func withClient(_ url: String, _ body: @Sendable (PostgresClient) async throws -> Void) async throws {
        let components = URLComponents(string: url)!
        let configuration = PostgresClient.Configuration(
            host: components.host!, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: TestServer.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}

struct BackendError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
