/// The `--web-dir` given at start-up is not a folder.
public struct WebDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given.
    public let path: String

    public var description: String {
        "--web-dir \(path) is not a folder; point it at the folder holding index.html (the project's Web/)"
    }
}
