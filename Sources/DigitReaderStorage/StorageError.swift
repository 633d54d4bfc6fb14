import Foundation

/// Why the feedback store did not do what was asked.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be reached or written (down, disk full, locked too long). Nothing
    /// was stored; the client may retry.
    case unavailable(String)
    /// A stored value could not be read back.
    case corrupt(String)
    /// `after` names no stored record.
    case unknownRecord(UUID)
    /// The database location given is not one the store understands.
    case invalidLocation(String)

    public var description: String {
        switch self {
        case let .unavailable(reason): "the feedback database is unavailable: \(reason)"
        case let .corrupt(reason): "a stored correction cannot be read: \(reason)"
        case let .unknownRecord(id): "no correction \(id.uuidString.lowercased()) is stored"
        case let .invalidLocation(reason): "the feedback database location is not usable: \(reason)"
        }
    }
}
