import DigitReaderServer
import Foundation
import Testing

/// The bounded pool that keeps recognition off the event loops.
@Suite struct WorkerPoolTests {
    @Test func runsWorkOffTheCallersThreadAndReturnsResults() async throws {
        let pool = WorkerPool(threadCount: 2)
        defer { pool.shutdown() }
        let onWorkers = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask { try await pool.run { WorkerPool.isWorkerThread } }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(onWorkers == [Bool](repeating: true, count: 20))
        #expect(!WorkerPool.isWorkerThread)
        #expect(try await pool.run { 6 * 7 } == 42)
    }

    @Test func refusesWorkWhenFullOrShutDown() async throws {
        let pool = WorkerPool(threadCount: 1, maxQueuedJobs: 1)
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        // One job blocks the only thread, one waits in the queue: the next is refused.
        async let blocked: Void = pool.run {
            started.signal()
            gate.wait()
        }
        try await eventually { started.wait(timeout: .now()) == .success }
        async let queued: Int = pool.run { 1 }
        try await eventually { pool.queuedJobs == 1 }
        await #expect(throws: WorkerPool.Refusal.busy) { try await pool.run { 2 } }
        gate.signal()
        try await blocked
        #expect(try await queued == 1)
        pool.shutdown()
        await #expect(throws: WorkerPool.Refusal.shutDown) { try await pool.run { 3 } }
    }

    /// Waits until `condition` holds, checking every 10 ms for at most 10 s.
    private func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("condition not met within 10 s")
    }
}
