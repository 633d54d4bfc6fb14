import DigitReaderServer
import Foundation
import Testing

/// The bounded pool that keeps recognition off the event loops.
@Suite struct WorkerPoolTests {
    @Test func runsWorkOffTheCallersThreadAndReturnsResults() async throws {
        let pool = WorkerPool(threadCount: 2)
        defer { pool.shutdown() }
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await pool.run { Thread.current.name ?? "" } }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.hasPrefix("dr-worker-") }, "\(names)")
        #expect(try await pool.run { 6 * 7 } == 42)
    }

    @Test func refusesWorkWhenFullOrShutDown() async throws {
        let pool = WorkerPool(threadCount: 1, maxQueuedJobs: 1)
        let gate = DispatchSemaphore(value: 0)
        // One job blocks the only thread, one waits in the queue: the next is refused.
        async let blocked: Void = pool.run { gate.wait() }
        try await Task.sleep(for: .milliseconds(100))
        async let queued: Int = pool.run { 1 }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: WorkerPool.Refusal.busy) { try await pool.run { 2 } }
        gate.signal()
        try await blocked
        #expect(try await queued == 1)
        pool.shutdown()
        await #expect(throws: WorkerPool.Refusal.shutDown) { try await pool.run { 3 } }
    }
}
