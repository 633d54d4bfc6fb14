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
    /// Whether the route needs the administrator's token (and exists only when one is set).
    public let admin: Bool

    init(_ method: HTTPRequest.Method, _ path: String, _ summary: String, admin: Bool = false) {
        self.method = method
        self.path = path
        self.summary = summary
        self.admin = admin
    }

    public var description: String { "\(method.rawValue) \(path)" }

    public static let health = Route(.get, "/healthz", "200 once every model is loaded")
    public static let models = Route(.get, "/api/models", "the models with their accuracy, and the default")
    public static let predict = Route(.post, "/api/predict", "one model's reading of an image")
    public static let compare = Route(.post, "/api/compare", "every model's reading of the same image")
    public static let read = Route(.post, "/api/read", "a whole number, digit by digit, with where each digit is")
    public static let metrics = Route(.get, "/metrics", "Prometheus metrics: requests, predictions, model time, queue depth, refusals")
    public static let openAPI = Route(.get, "/openapi.json", "the OpenAPI 3.1 document of this API")
    public static let legacyGuess = Route(.post, "/", "the original client's form post, answered {\"guess\": n}")
    public static let feedback = Route(.post, "/api/feedback", "stores a correction: the upload and the right label, answered 201 {\"id\": ...}")
    public static let feedbackList = Route(.get, "/api/feedback", "the stored corrections, newest first, a page at a time", admin: true)
    public static let feedbackExport = Route(.get, "/api/feedback/export", "every correction as a zip of 28x28 PNGs by label and a CSV", admin: true)
    public static let feedbackDelete = Route(.delete, "/api/feedback/{id}", "deletes one correction", admin: true)
    public static let reload = Route(.post, "/api/admin/reload", "loads the models again from --models-dir and swaps them in", admin: true)

    /// Every API route, in the order the documentation lists them.
    public static let api: [Route] = [
        health, models, predict, compare, read, legacyGuess, metrics, openAPI,
        feedback, feedbackList, feedbackExport, feedbackDelete, reload,
    ]

    /// Whether `path` (a request's, without trailing slashes) is this route's path; a `{name}`
    /// segment matches any one segment.
    func matches(_ requestPath: String) -> Bool {
        let pattern = path.split(separator: "/", omittingEmptySubsequences: false)
        let actual = requestPath.split(separator: "/", omittingEmptySubsequences: false)
        guard pattern.count == actual.count else { return false }
        return zip(pattern, actual).allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") ? !$1.isEmpty : $0 == $1 }
    }

    /// The methods `path` accepts among `routes` (the routes a server registered; HEAD wherever
    /// GET; the web page's GET / too), or `nil` when none has that path.
    public static func allowedMethods(for path: String, among routes: [Route] = api) -> [HTTPRequest.Method]? {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        var methods: [HTTPRequest.Method] = path == "/" ? [.get, .head] : []
        for route in routes where route.matches(path) {
            methods.append(route.method)
            if route.method == .get { methods.append(.head) }
        }
        return methods.isEmpty ? nil : methods
    }
}
