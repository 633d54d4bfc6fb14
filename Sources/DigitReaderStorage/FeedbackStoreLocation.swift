import Foundation
import Logging

/// Where `serve` keeps corrections: a data folder (SQLite) or a PostgreSQL URL.
public enum FeedbackStoreLocation: Sendable, Equatable, CustomStringConvertible {
    case directory(URL)
    case postgres(String)

    /// `--database` when given (must be a `postgres://` URL), else `--data-dir`, else `data/`
    /// in the working directory.
    public init(dataDirectory: String?, database: String?) throws(StorageError) {
        if let database {
            guard database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") else {
                throw .invalidLocation("--database takes a postgres:// URL, got '\(database)'; use --data-dir for SQLite")
            }
            self = .postgres(database)
        } else {
            self = .directory(URL(fileURLWithPath: dataDirectory ?? "data", isDirectory: true))
        }
    }

    /// Opens the store, creating and migrating what is missing.
    public func open(logger: Logger) async throws(StorageError) -> any FeedbackStore {
        switch self {
        case let .directory(url): try SQLiteFeedbackStore(directory: url)
        case let .postgres(url): try await PostgresFeedbackStore.open(url: url, logger: logger)
        }
    }

    /// For the start-up log, without the password.
    public var description: String {
        switch self {
        case let .directory(url):
            return "SQLite in \(url.appendingPathComponent(SQLiteFeedbackStore.fileName).path)"
        case let .postgres(text):
            guard var components = URLComponents(string: text) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL at \(components.string ?? "the given URL")"
        }
    }
}
