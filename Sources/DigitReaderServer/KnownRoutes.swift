import Hummingbird

/// The API's paths and the methods each accepts, so a wrong method gets a 405 naming the right
/// ones instead of a puzzling 404.
public enum KnownRoutes {
    /// Methods per path (HEAD is answered wherever GET is).
    public static let methods: [String: [HTTPRequest.Method]] = [
        "/": [.get, .head, .post],
        "/healthz": [.get, .head],
        "/api/models": [.get, .head],
        "/api/predict": [.post],
        "/api/compare": [.post],
    ]

    /// The methods `path` accepts, or `nil` when the API has no such path.
    public static func allowedMethods(for path: String) -> [HTTPRequest.Method]? {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return methods[path]
    }
}
