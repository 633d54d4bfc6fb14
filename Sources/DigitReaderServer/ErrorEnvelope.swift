/// The JSON body of every error answer: `{"error":{"code":"...","message":"..."}}`.
///
/// Public and decodable so that clients and tests read errors with the same type the server writes.
public struct ErrorEnvelope: Codable, Sendable, Equatable {
    /// The error's stable code and human message.
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String

        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    public var error: Detail

    public init(error: Detail) {
        self.error = error
    }
}
