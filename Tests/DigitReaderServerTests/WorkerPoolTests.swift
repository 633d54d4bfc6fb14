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
        let pool = WorkerPool(threadCount: 1, maxQueuedJobs: 1, maxQueueWait: .seconds(600))
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
        // No job has finished yet, so there is no time per job to estimate the wait from.
        await #expect(throws: WorkerPool.Refusal.busy(.queueFull, retryAfter: .zero)) { try await pool.run { 2 } }
        gate.signal()
        try await blocked
        #expect(try await queued == 1)
        pool.shutdown()
        await #expect(throws: WorkerPool.Refusal.shutDown) { try await pool.run { 3 } }
    }

    @Test func refusesWorkThatWouldWaitLongerThanTheLimitAndRecovers() async throws {
        let pool = WorkerPool(threadCount: 1, maxQueuedJobs: 100, maxQueueWait: .milliseconds(50))
        defer { pool.shutdown() }
        // One job of at least 100 ms teaches the pool how long a job takes.
        try await pool.run { Thread.sleep(forTimeInterval: 0.1) }
        #expect(pool.estimatedWait == .zero)

        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        async let blocked: Void = pool.run {
            started.signal()
            gate.wait()
        }
        try await eventually { started.wait(timeout: .now()) == .success }
        // Nothing waits yet, so the next job is accepted; behind it, the wait is one job's time.
        async let queued: Int = pool.run { 1 }
        try await eventually { pool.queuedJobs == 1 }
        #expect(pool.estimatedWait >= .milliseconds(100))
        do {
            _ = try await pool.run { 2 }
            Issue.record("work that would wait over the limit was accepted")
        } catch {
            guard case .busy(let reason, let retryAfter) = error else { throw error }
            #expect(reason == .queueWait)
            #expect(retryAfter >= .milliseconds(100))
        }

        // The queued job has now waited longer than the limit: it is refused, not run late.
        try await Task.sleep(for: .milliseconds(100))
        gate.signal()
        try await blocked
        do {
            _ = try await queued
            Issue.record("a job that waited over the limit was run")
        } catch let refusal as WorkerPool.Refusal {
            guard case .busy(let reason, _) = refusal else { throw refusal }
            #expect(reason == .queueTimeout)
        }

        // With the line empty again, work is accepted.
        #expect(pool.queuedJobs == 0)
        #expect(try await pool.run { 3 } == 3)
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
