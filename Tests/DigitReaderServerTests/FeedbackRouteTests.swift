import DigitReaderCore
import DigitReaderModules
import DigitReaderServer
import DigitReaderStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /api/feedback` and the administration routes, on a SQLite store in a temporary folder.
@Suite struct FeedbackRouteTests {
    static let token = "s3cret-token"
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    /// A JSON correction of the test seven.
    static func correction(_ fields: String = #""label": 1"#) -> ByteBuffer {
        ByteBuffer(string: #"{"image":"\#(TestImages.sevenDataURL)", \#(fields)}"#)
    }

    static func post(_ client: some TestClientProtocol, body: ByteBuffer, key: String? = nil, query: String = "") async throws -> TestResponse {
        var headers = TestServer.contentType("application/json")
        if let key { headers[idempotencyKey] = key }
        return try await client.execute(uri: "/api/feedback\(query)", method: .post, headers: headers, body: body)
    }

    static func admin(_ token: String = token) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        return headers
    }

    static func errorCode(_ response: TestResponse) throws -> String {
        try TestServer.decode(ErrorEnvelope.self, response).error.code
    }

    @Test func storesACorrectionWithEveryModelsAnswer() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let response = try await Self.post(client, body: Self.correction(#""label": 1, "model": "sure-seven", "predicted": 7"#), key: "k1")
            #expect(response.status == .created)
            let id = try TestServer.decode(FeedbackReceipt.self, response).id
            let records = try await store.all()
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record.id.uuidString.lowercased() == id)
            #expect(record.label == "1")
            #expect(record.model == "sure-seven")
            #expect(record.predicted == "7")
            #expect(record.uploadKind == "image")
            #expect(record.upload == Data(TestImages.seven))
            #expect(record.idempotencyKey == "k1")
            #expect(record.answers.map(\.model) == ["tiny", "sure-seven", "unsure-three", "ensemble"])
            #expect(record.answers.first { $0.model == "sure-seven" }?.digit == 7)
            #expect(record.answers.allSatisfy { $0.text == nil })
            // The network's weights and the ensemble have digests; the fixed test doubles have no weights.
            #expect(record.answers.first { $0.model == "tiny" }?.weightsSHA256?.count == 64)
            #expect(record.answers.first { $0.model == "ensemble" }?.weightsSHA256?.count == 64)
            #expect(record.answers.first { $0.model == "sure-seven" }?.weightsSHA256 == nil)
            let input = try ImageDecoder().decode(Array(record.inputPNG))
            #expect(input.width == 28 && input.height == 28)
        }
        await store.close()
        await backend.remove()
    }

    @Test func strokesAreKeptAsSentAndAsPointLists() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let body = #"{"strokes": [[[60, 50], [220, 50]], [[220, 50], [120, 240]]], "width": 280, "height": 280, "label": 7, "predicted": 1}"#
            let response = try await Self.post(client, body: ByteBuffer(string: body), key: "strokes-1")
            #expect(response.status == .created)
            let record = try #require(try await store.all().first)
            #expect(record.uploadKind == "strokes")
            #expect(record.upload == Data(body.utf8))
            #expect(record.strokes == "[[[60,50],[220,50]],[[220,50],[120,240]]]")
            #expect(record.label == "7" && record.predicted == "1")
            #expect(record.answers.first { $0.model == "sure-seven" }?.digit == 7)
            let input = try ImageDecoder().decode(Array(record.inputPNG))
            #expect(input.width == 28 && input.height == 28)
        }
        await store.close()
        await backend.remove()
    }

    @Test func aRetriedRequestReturnsTheSameIDAndStoresOnce() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let first = try await Self.post(client, body: Self.correction(), key: "same-key")
            let second = try await Self.post(client, body: Self.correction(), key: "same-key")
            #expect(first.status == .created && second.status == .created)
            #expect(try TestServer.decode(FeedbackReceipt.self, first) == TestServer.decode(FeedbackReceipt.self, second))
            let other = try await Self.post(client, body: Self.correction(), key: "other-key")
            #expect(try TestServer.decode(FeedbackReceipt.self, other) != TestServer.decode(FeedbackReceipt.self, first))
            #expect(try await store.count() == 2)
        }
        await store.close()
        await backend.remove()
    }

    @Test func numberCorrectionsKeepTheNumberEachModelReads() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let bars = (0..<3).map { "[[\(60 + 200 * $0), 40], [\(60 + 200 * $0), 200]]" }.joined(separator: ", ")
            let body = #"{"strokes": [\#(bars)], "width": 600, "height": 240, "text": "777"}"#
            #expect(try await Self.post(client, body: ByteBuffer(string: body)).status == .created)
            let record = try #require(try await store.all().first)
            #expect(record.label == "777")
            #expect(record.answers.map(\.model) == ["tiny", "sure-seven", "unsure-three", "ensemble"])
            let sure = try #require(record.answers.first { $0.model == "sure-seven" })
            #expect(sure.text == "777" && sure.digit == nil && sure.confidence == 0.9)
            // Digits under the threshold read as "?", as /api/read answers them.
            #expect(record.answers.first { $0.model == "unsure-three" }?.text == "???")
            #expect(record.answers.allSatisfy { $0.text?.count == 3 && $0.digit == nil })
        }
        await store.close()
        await backend.remove()
    }

    @Test func numberCorrectionsNameTheVerifierThatCutThem() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        let shipped = try #require(bundledWholeDigitVerifier)
        let app = try TestServer.feedbackApp(store: store, verifier: try WholeDigitVerifier(contentsOf: shipped))
        try await app.test(.router) { client in
            let bars = (0..<3).map { "[[\(60 + 200 * $0), 40], [\(60 + 200 * $0), 200]]" }.joined(separator: ", ")
            let number = #"{"strokes": [\#(bars)], "width": 600, "height": 240, "text": "777"}"#
            #expect(try await Self.post(client, body: ByteBuffer(string: number)).status == .created)
            #expect(try await Self.post(client, body: Self.correction()).status == .created)
            let records = try await store.all()
            let digest = try ReloadTests.ModelsFolder.sha256(shipped)
            #expect(try #require(records.first { $0.label == "777" }).answers.allSatisfy { $0.verifierSHA256 == digest })
            // A single digit is read without the verifier: no digest is claimed for it.
            #expect(try #require(records.first { $0.label == "1" }).answers.allSatisfy { $0.verifierSHA256 == nil })
        }
        await store.close()
        await backend.remove()
    }

    @Test func rawImagesTakeTheLabelFromTheQuery() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let response = try await client.execute(
                uri: "/api/feedback?label=3&predicted=", method: .post, headers: TestServer.contentType("image/png"), body: ByteBuffer(bytes: TestImages.seven))
            #expect(response.status == .created)
            #expect(try await store.all().map(\.label) == ["3"])
            let number = try await Self.post(client, body: Self.correction(#""text": "1234""#))
            #expect(number.status == .created)
            #expect(try await store.all().first?.label == "1234")
        }
        await store.close()
        await backend.remove()
    }

    @Test(arguments: [
        (#""model": "tiny""#, "missing_label"),
        (#""label": 10"#, "invalid_label"),
        (#""label": "x""#, "invalid_label"),
        (#""label": 1, "text": "12""#, "invalid_label"),
        (#""text": "12a""#, "invalid_label"),
        (#""label": [1]"#, "invalid_label"),
        (#""label": 1, "predicted": "seven""#, "invalid_predicted"),
        (#""label": 1, "model": "nope""#, "unknown_model"),
    ])
    func badCorrectionsAreRefusedAndNothingIsStored(fields: String, code: String) async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let response = try await Self.post(client, body: Self.correction(fields))
            #expect(response.status == (code == "unknown_model" ? .notFound : .badRequest))
            #expect(try Self.errorCode(response) == code)
            #expect(try await store.count() == 0)
        }
        await store.close()
        await backend.remove()
    }

    @Test func emptyDrawingsAndBadKeysAreRefused() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store).test(.router) { client in
            let blank = "data:image/png;base64," + Data(TestImages.blank).base64EncodedString()
            let empty = try await Self.post(client, body: ByteBuffer(string: #"{"image":"\#(blank)","label":1}"#))
            #expect(empty.status == .badRequest)
            #expect(try Self.errorCode(empty) == "empty_drawing")
            let badKey = try await Self.post(client, body: Self.correction(), key: String(repeating: "k", count: 201))
            #expect(try Self.errorCode(badKey) == "invalid_idempotency_key")
            let noImage = try await Self.post(client, body: ByteBuffer(string: #"{"label":1}"#))
            #expect(try Self.errorCode(noImage) == "missing_image")
            #expect(try await store.count() == 0)
        }
        await store.close()
        await backend.remove()
    }

    @Test func storageFailuresAnswer503() async throws {
        try await TestServer.feedbackApp(store: FailingStore()).test(.router) { client in
            let response = try await Self.post(client, body: Self.correction(), key: "k")
            #expect(response.status == .serviceUnavailable)
            #expect(try Self.errorCode(response) == "storage_unavailable")
        }
    }

    @Test func adminRoutesAreAbsentWithoutAToken() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store, adminToken: nil, reload: { ModelGeneration(registry: try TestRegistry.make()) }).test(.router) { client in
            let list = try await client.execute(uri: "/api/feedback", method: .get, headers: Self.admin())
            #expect(list.status == .methodNotAllowed)
            #expect(list.headers[.allow] == "POST")
            for (uri, method) in [("/api/feedback/export", HTTPRequest.Method.get), ("/api/admin/reload", .post), ("/api/feedback/\(UUID())", .delete)] {
                let response = try await client.execute(uri: uri, method: method, headers: Self.admin())
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(try Self.errorCode(response) == "not_found")
            }
        }
        await store.close()
        await backend.remove()
    }

    @Test func adminRoutesNeedTheRightToken() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store, adminToken: Self.token, reload: { ModelGeneration(registry: try TestRegistry.make()) }).test(.router) { client in
            let routes: [(String, HTTPRequest.Method)] = [
                ("/api/feedback", .get), ("/api/feedback/export", .get), ("/api/admin/reload", .post), ("/api/feedback/\(UUID())", .delete),
            ]
            for (uri, method) in routes {
                let none = try await client.execute(uri: uri, method: method)
                #expect(none.status == .unauthorized, "\(method) \(uri)")
                #expect(try Self.errorCode(none) == "unauthorized")
                #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                var basic = HTTPFields()
                basic[.authorization] = "Basic \(Data("admin:\(Self.token)".utf8).base64EncodedString())"
                #expect(try await client.execute(uri: uri, method: method, headers: basic).status == .unauthorized)
                for wrong in ["s3cret-toke", "s3cret-token2", "S3CRET-TOKEN"] {
                    let response = try await client.execute(uri: uri, method: method, headers: Self.admin(wrong))
                    #expect(response.status == .forbidden, "\(method) \(uri) with \(wrong)")
                    #expect(try Self.errorCode(response) == "forbidden")
                }
            }
            #expect(try await client.execute(uri: "/api/feedback", method: .get, headers: Self.admin()).status == .ok)
            #expect(try await client.execute(uri: "/api/admin/reload", method: .post, headers: Self.admin()).status == .ok)
        }
        await store.close()
        await backend.remove()
    }

    @Test func listingPagesNewestFirst() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store, adminToken: Self.token).test(.router) { client in
            var ids: [String] = []
            for label in 0..<5 {
                let response = try await Self.post(client, body: Self.correction(#""label": \#(label)"#))
                ids.append(try TestServer.decode(FeedbackReceipt.self, response).id)
            }
            let first = try TestServer.decode(
                FeedbackListing.self, try await client.execute(uri: "/api/feedback?limit=2", method: .get, headers: Self.admin()))
            #expect(first.items.map(\.id) == [ids[4], ids[3]])
            #expect(first.items.map(\.label) == ["4", "3"])
            #expect(first.next == ids[3])
            let rest = try TestServer.decode(
                FeedbackListing.self, try await client.execute(uri: "/api/feedback?after=\(ids[3])&limit=10", method: .get, headers: Self.admin()))
            #expect(rest.items.map(\.id) == [ids[2], ids[1], ids[0]])
            #expect(rest.next == nil)
            let raw = try await client.execute(uri: "/api/feedback?after=\(ids[3])&limit=10", method: .get, headers: Self.admin())
            #expect(String(buffer: raw.body).contains(#""next":null"#))
            #expect(rest.items[0].createdAt.hasSuffix("Z"))
            for (query, code) in [("limit=0", "invalid_limit"), ("limit=abc", "invalid_limit"), ("after=nope", "invalid_feedback_id")] {
                let response = try await client.execute(uri: "/api/feedback?\(query)", method: .get, headers: Self.admin())
                #expect(response.status == .badRequest)
                #expect(try Self.errorCode(response) == code)
            }
            let unknown = try await client.execute(uri: "/api/feedback?after=\(UUID())", method: .get, headers: Self.admin())
            #expect(unknown.status == .notFound)
            #expect(try Self.errorCode(unknown) == "unknown_feedback")
        }
        await store.close()
        await backend.remove()
    }

    @Test func exportHoldsAPNGPerCorrectionAndACSV() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store, adminToken: Self.token).test(.router) { client in
            var ids: [String: String] = [:]
            for label in [1, 7, 7] {
                let response = try await Self.post(client, body: Self.correction(#""label": \#(label), "predicted": 7"#))
                ids[try TestServer.decode(FeedbackReceipt.self, response).id] = String(label)
            }
            let response = try await client.execute(uri: "/api/feedback/export", method: .get, headers: Self.admin())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/zip")
            // Python's zipfile, an independent reader, checks every entry's CRC and unpacks it.
            let folder = try Self.unzip(Data(response.body.readableBytesView))
            defer { try? FileManager.default.removeItem(at: folder) }
            var paths: Set<String> = []
            for label in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let isFolder = (try? folder.appendingPathComponent(label).resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                guard isFolder else { paths.insert(label); continue }
                for file in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(label).path) { paths.insert("\(label)/\(file)") }
            }
            #expect(paths == Set(ids.map { "\($0.value)/\($0.key).png" } + ["corrections.csv"]))
            for (id, label) in ids {
                let image = try ImageDecoder().decode(Array(try Data(contentsOf: folder.appendingPathComponent("\(label)/\(id).png"))))
                #expect(image.width == 28 && image.height == 28)
            }
            let csv = try Data(contentsOf: folder.appendingPathComponent("corrections.csv"))
            let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n")
            #expect(lines.first == "id,label,file,created_at,model,predicted,upload_kind,answers")
            #expect(lines.count == 4)
            for line in lines.dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                #expect(ids[String(fields[0])] == String(fields[1]))
                #expect(fields[2] == "\(fields[1])/\(fields[0]).png")
                #expect(fields[5] == "7")
                #expect(fields[7].contains("sure-seven:7:"))
            }
        }
        await store.close()
        await backend.remove()
    }

    /// Unpacks `zip` with Python's zipfile (after `testzip`, which checks every CRC) into a new folder.
    static func unzip(_ zip: Data) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let archive = folder.appendingPathComponent("export.zip")
        try zip.write(to: archive)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])",
            archive.path, folder.path,
        ]
        try python.run()
        python.waitUntilExit()
        try FileManager.default.removeItem(at: archive)
        guard python.terminationStatus == 0 else { throw BackendError("python3's zipfile could not read the export") }
        return folder
    }

    @Test func deleteRemovesOneCorrection() async throws {
        let backend = SQLiteBackend()
        let store = try await backend.open(version: .latest)
        try await TestServer.feedbackApp(store: store, adminToken: Self.token).test(.router) { client in
            let kept = try TestServer.decode(FeedbackReceipt.self, try await Self.post(client, body: Self.correction()))
            let removed = try TestServer.decode(FeedbackReceipt.self, try await Self.post(client, body: Self.correction()))
            let response = try await client.execute(uri: "/api/feedback/\(removed.id)", method: .delete, headers: Self.admin())
            #expect(response.status == .ok)
            #expect(try TestServer.decode(FeedbackReceipt.self, response) == removed)
            let again = try await client.execute(uri: "/api/feedback/\(removed.id)", method: .delete, headers: Self.admin())
            #expect(again.status == .notFound)
            #expect(try Self.errorCode(again) == "unknown_feedback")
            let bad = try await client.execute(uri: "/api/feedback/not-a-uuid", method: .delete, headers: Self.admin())
            #expect(try Self.errorCode(bad) == "invalid_feedback_id")
            #expect(try await store.all().map { $0.id.uuidString.lowercased() } == [kept.id])
        }
        await store.close()
        await backend.remove()
    }
}

/// A store whose database is always down.
struct FailingStore: FeedbackStore {
    static let failure = StorageError.unavailable("disk I/O error (test double)")
    func insert(_ record: FeedbackRecord) async throws(StorageError) -> UUID { throw Self.failure }
    func page(after: UUID?, limit: Int) async throws(StorageError) -> FeedbackPage { throw Self.failure }
    func delete(_ id: UUID) async throws(StorageError) -> Bool { throw Self.failure }
    func count() async throws(StorageError) -> Int { throw Self.failure }
    func close() async {}
}
