/// A data file a model learned from, as recorded in its card: what it is, where it was read,
/// its sha256 and how many of its digits were used.
public struct DataSource: Codable, Sendable, Equatable {
    /// What the file holds, e.g. `pendigits writers 1-25`.
    public var name: String
    public var path: String
    /// sha256 of the file's bytes.
    public var sha256: String
    /// Digits of the file that were trained on.
    public var digits: Int

    public init(name: String, path: String, sha256: String, digits: Int) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.digits = digits
    }
}
