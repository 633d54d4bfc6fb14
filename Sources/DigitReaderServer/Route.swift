import Hummingbird

/// One route the server answers: its method, path and what it is for.
///
/// `Route.api` is the one list of the API: the router registers its handlers from it, a wrong
/// method is answered 405 with the methods it lists, and the 404 message names its routes.
public struct Route: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPRequest.Method
    public let path: String
    /// One line for people: what the route answers.
    public let summary: String

    init(_ method: HTTPRequest.Method, _ path: String, _ summary: String) {
        self.method = method
        self.path = path
        self.summary = summary
    }

    public var description: String { "\(method.rawValue) \(path)" }

    public static let health = Route(.get, "/healthz", "200 once every model is loaded")
    public static let models = Route(.get, "/api/models", "the models with their accuracy, and the default")
    public static let predict = Route(.post, "/api/predict", "one model's reading of an image")
    public static let compare = Route(.post, "/api/compare", "every model's reading of the same image")
    public static let metrics = Route(.get, "/metrics", "Prometheus metrics: requests, predictions, model time, queue depth, refusals")
    public static let openAPI = Route(.get, "/openapi.json", "the OpenAPI 3.1 document of this API")
    public static let legacyGuess = Route(.post, "/", "the original client's form post, answered {\"guess\": n}")

    /// Every API route, in the order the documentation lists them.
    public static let api: [Route] = [health, models, predict, compare, legacyGuess, metrics, openAPI]

    /// The methods `path` accepts (HEAD wherever GET; the web page's GET / too), or `nil` when
    /// the API has no such path.
    public static func allowedMethods(for path: String) -> [HTTPRequest.Method]? {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        var methods: [HTTPRequest.Method] = path == "/" ? [.get, .head] : []
        for route in api where route.path == path {
            methods.append(route.method)
            if route.method == .get { methods.append(.head) }
        }
        return methods.isEmpty ? nil : methods
    }
}
