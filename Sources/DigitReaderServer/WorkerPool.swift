import DequeModule
import Foundation
import ServiceLifecycle

/// A fixed set of threads that run CPU-heavy work (image decoding, normalisation, inference)
/// away from NIO's event loops and Swift's cooperative thread pool.
///
/// Recognition takes about a millisecond of pure CPU. Run inline it would hold an event loop or
/// one of the few cooperative threads (one per core), stalling every other connection meanwhile.
/// Here at most `threadCount` recognitions run at once, callers wait with `await` without
/// holding a thread, and at most `maxQueuedJobs` wait in line: past that the server answers
/// "busy" at once instead of building an unbounded backlog.
///
/// Runs as a `Service` so the threads stop after the HTTP server has drained on shutdown.
public final class WorkerPool: Service, @unchecked Sendable {
    /// Why work was not run.
    public enum Refusal: Error, Sendable, Equatable {
        /// `maxQueuedJobs` jobs are already waiting.
        case busy
        /// The pool has shut down.
        case shutDown
    }

    /// How many jobs run at once.
    public let threadCount: Int
    /// How many jobs may wait for a thread before new ones are refused.
    public let maxQueuedJobs: Int

    // `condition` guards everything below; that is what makes the class safely Sendable.
    private let condition = NSCondition()
    private var queue = Deque<@Sendable () -> Void>()
    private var stopped = false

    /// Starts `threadCount` worker threads (default: one per core).
    public init(threadCount: Int = ProcessInfo.processInfo.activeProcessorCount, maxQueuedJobs: Int = 1024) {
        self.threadCount = max(1, threadCount)
        self.maxQueuedJobs = max(1, maxQueuedJobs)
        for index in 0..<self.threadCount {
            Thread.detachNewThread { [self] in
                Thread.current.threadDictionary[Self.workerMarker] = true
                // Named so backtraces and `top -H` show which threads recognise digits (best
                // effort: Linux keeps 15 characters and can miss a name set this early).
                Thread.current.name = "dr-worker-\(index)"
                workLoop()
            }
        }
    }

    private static let workerMarker = "digit-reader.worker"

    /// Whether the calling thread is one of a pool's workers (for assertions and tests).
    public static var isWorkerThread: Bool {
        Thread.current.threadDictionary[workerMarker] != nil
    }

    /// Jobs waiting for a thread (not counting those running).
    public var queuedJobs: Int {
        condition.withLock { queue.count }
    }

    /// Runs `work` on a worker thread and returns its result.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async throws(Refusal) -> Value {
        let result: Result<Value, Refusal> = await withCheckedContinuation { continuation in
            let refusal: Refusal? = condition.withLock {
                if stopped { return .shutDown }
                if queue.count >= maxQueuedJobs { return .busy }
                queue.append { continuation.resume(returning: .success(work())) }
                condition.signal()
                return nil
            }
            if let refusal { continuation.resume(returning: .failure(refusal)) }
        }
        return try result.get()
    }

    /// Waits for graceful shutdown (after the server, which is started later, has drained), then
    /// lets the threads finish the queued work and exit.
    public func run() async throws {
        try? await gracefulShutdown()
        shutdown()
    }

    /// Refuses new work; queued work still runs, then the threads exit.
    public func shutdown() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    private func workLoop() {
        while true {
            let job: (@Sendable () -> Void)? = condition.withLock {
                while queue.isEmpty && !stopped { condition.wait() }
                return queue.popFirst()
            }
            guard let job else { return }
            job()
        }
    }
}
