/// An API answer that knows its JSON form, with keys in the documented order.
public protocol JSONConvertible: Sendable {
    /// The value as ordered JSON.
    var json: JSONValue { get }
}
