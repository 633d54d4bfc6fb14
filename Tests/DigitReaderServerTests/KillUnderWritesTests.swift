import DigitReaderServer
import DigitReaderStorage
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A single SQLite instance killed with SIGKILL while 32 clients write corrections: every
/// correction it acknowledged with 201 is stored, exactly once, under the id it answered.
@Suite struct KillUnderWritesTests {
    /// What the clients were told: idempotency key -> acknowledged id.
    actor Ledger {
        var acknowledged: [String: String] = [:]
        var retries = 0

        func acknowledge(_ key: String, id: String) -> Bool {
            if let earlier = acknowledged[key] { return earlier == id }
            acknowledged[key] = id
            return true
        }

        func retried() { retries += 1 }
    }

    /// How many corrections were acknowledged when the server was killed.
    actor KillRecord {
        var acknowledgedBefore: Int?
        func record(_ count: Int) { acknowledgedBefore = count }
    }

    static let writers = 32
    static let correctionsPerWriter = 10
    static let killAfter = 100

    @Test func everyAcknowledgedCorrectionSurvivesSIGKILL() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: data) }
        let port = try ServerProcess.freePort()
        let arguments = ["--data-dir", data.path]
        let first = try await ServerProcess.start(port: port, arguments: arguments)
        let ledger = Ledger()
        let kill = KillRecord()
        let body = ByteBuffer(string: #"{"image":"\#(TestImages.sevenDataURL)","label":7}"#)
        let deadline = ContinuousClock.now + .seconds(240)

        let restarted = try await withThrowingTaskGroup(of: ServerProcess?.self) { group in
            for writer in 0..<Self.writers {
                group.addTask {
                    for index in 0..<Self.correctionsPerWriter {
                        let key = "writer-\(writer)-\(index)"
                        // Send until acknowledged: a connection refused or reset while the server
                        // is down is retried with the same key, as a real client would.
                        while true {
                            guard ContinuousClock.now < deadline else { throw BackendError("\(key) was never acknowledged") }
                            let headers = TestServer.headers("application/json", [(FeedbackRouteTests.idempotencyKey, key)])
                            let response = try? await TestClient.withClient(host: "127.0.0.1", port: port) {
                                try await $0.execute(.init("/api/feedback", method: .post, headers: headers, body: body))
                            }
                            if let response, response.status == .created {
                                let id = try JSONDecoder().decode(FeedbackReceipt.self, from: Data((response.body ?? ByteBuffer()).readableBytesView)).id
                                #expect(await ledger.acknowledge(key, id: id), "\(key) was acknowledged with two ids")
                                break
                            }
                            if let response { #expect(response.status == .serviceUnavailable, "\(key): \(response.status)") }
                            await ledger.retried()
                            try await Task.sleep(for: .milliseconds(50))
                        }
                    }
                    return nil
                }
            }
            // Half-way, kill the server outright and start it again on the same data folder.
            group.addTask {
                while await ledger.acknowledged.count < Self.killAfter {
                    try await Task.sleep(for: .milliseconds(5))
                }
                first.kill()
                await kill.record(await ledger.acknowledged.count)
                return try await ServerProcess.start(port: port, arguments: arguments)
            }
            var restarted: ServerProcess?
            for try await result in group { restarted = restarted ?? result }
            return restarted
        }
        #expect(restarted != nil)
        restarted?.stop()

        let acknowledged = await ledger.acknowledged
        #expect(acknowledged.count == Self.writers * Self.correctionsPerWriter)
        // The kill came while corrections were still being written.
        let before = try #require(await kill.acknowledgedBefore)
        #expect(before < acknowledged.count)
        print("kill under writes: SIGKILL after \(before) of \(acknowledged.count) acknowledged, \(await ledger.retries) retries")
        let store = try SQLiteFeedbackStore(directory: data)
        let stored = try await store.all()
        await store.close()
        var byKey: [String: [String]] = [:]
        for record in stored { byKey[record.idempotencyKey ?? "", default: []].append(record.id.uuidString.lowercased()) }
        let lost = acknowledged.filter { byKey[$0.key] != [$0.value] }
        let duplicates = byKey.values.filter { $0.count > 1 }
        #expect(lost.isEmpty, "acknowledged but not stored as acknowledged: \(lost.keys.sorted().prefix(5))")
        #expect(duplicates.isEmpty)
        #expect(stored.count == acknowledged.count)
    }
}
