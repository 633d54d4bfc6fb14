import DigitReaderServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The published contract (`GET /openapi.json`) documents exactly the routes the server has.
@Suite struct OpenAPITests {
    /// The operations the document lists, as `"METHOD /path"`.
    private func documentedOperations() async throws -> Set<String> {
        try await TestServer.app().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
            return Set(paths.flatMap { path, item in
                item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
        }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        let documented = try await documentedOperations()
        // The web page is served at GET / beside the API's routes.
        let served = Set(Route.api.map(\.description) + ["GET /"])
        let undocumented = served.subtracting(documented)
        #expect(undocumented.isEmpty, "routes missing from Sources/DigitReaderServer/openapi.json: \(undocumented.sorted())")
        let stale = documented.subtracting(served)
        #expect(stale.isEmpty, "operations in openapi.json the server does not have: \(stale.sorted())")
    }
}
