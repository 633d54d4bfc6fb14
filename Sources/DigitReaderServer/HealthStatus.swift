/// The body of `GET /healthz`: `{"status":"ok","models":[...]}`.
///
/// The server only starts listening after every model has loaded, so any answer at all means
/// every listed model is ready.
public struct HealthStatus: Codable, Sendable, Equatable {
    public var status: String
    public var models: [String]

    public init(status: String = "ok", models: [String]) {
        self.status = status
        self.models = models
    }
}
