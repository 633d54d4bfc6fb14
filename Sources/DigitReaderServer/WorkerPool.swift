import DequeModule
import Foundation
import ServiceLifecycle

/// A fixed set of threads that run CPU-heavy work (image decoding, normalisation, inference)
/// away from NIO's event loops and Swift's cooperative thread pool.
///
/// Recognition takes about a millisecond of pure CPU. Run inline it would hold an event loop or
/// one of the few cooperative threads (one per core), stalling every other connection meanwhile.
/// Here at most `threadCount` recognitions run at once and callers wait with `await` without
/// holding a thread.
///
/// The line of waiting work is bounded by time as well as length, so work that is accepted is
/// answered quickly under any load and the rest is refused at once (a client can retry, or go
/// to another server) rather than queued behind a backlog it would time out in:
/// - new work is refused when `maxQueuedJobs` jobs wait, or when the line ahead of it would take
///   longer than `maxQueueWait` to clear (queued jobs x recent time per job / threads);
/// - a job that has nevertheless waited longer than `maxQueueWait` when a thread takes it (the
///   estimate was low, jobs got slower) is refused then instead of run late.
///
/// Runs as a `Service` so the threads stop after the HTTP server has drained on shutdown.
public final class WorkerPool: Service, @unchecked Sendable {
    /// Why work was not run.
    public enum Refusal: Error, Sendable, Equatable {
        /// The pool is saturated; retrying after `retryAfter` (the time the line needs to clear)
        /// has a fair chance.
        case busy(BusyReason, retryAfter: Duration)
        /// The pool has shut down.
        case shutDown
    }

    /// Which bound refused busy work; the `reason` label of `digit_reader_rejected_total`.
    public enum BusyReason: String, Sendable, Equatable, CaseIterable {
        /// `maxQueuedJobs` jobs were already waiting.
        case queueFull = "queue_full"
        /// The line ahead would have taken longer than `maxQueueWait` to clear.
        case queueWait = "queue_wait"
        /// The job waited longer than `maxQueueWait` before a thread was free.
        case queueTimeout = "queue_timeout"
    }

    /// How many jobs run at once.
    public let threadCount: Int
    /// How many jobs may wait for a thread before new ones are refused.
    public let maxQueuedJobs: Int
    /// The longest a job may wait for a thread.
    public let maxQueueWait: Duration

    /// A job waiting for a thread: when it arrived, how to run it, how to refuse it.
    private struct Job {
        let enqueued: ContinuousClock.Instant
        let run: @Sendable () -> Void
        let refuse: @Sendable (Refusal) -> Void
    }

    private let clock = ContinuousClock()
    // `condition` guards everything below; that is what makes the class safely Sendable.
    private let condition = NSCondition()
    private var queue = Deque<Job>()
    private var stopped = false
    /// Recent time a job takes on its thread (exponentially weighted; zero until one has run).
    private var recentJobTime = Duration.zero

    /// Weight of the newest job in `recentJobTime`: about the last twenty jobs count.
    private static let smoothing = 0.05

    /// Starts `threadCount` worker threads (default: one per core).
    public init(
        threadCount: Int = ProcessInfo.processInfo.activeProcessorCount, maxQueuedJobs: Int = 1024,
        maxQueueWait: Duration = .milliseconds(250)
    ) {
        self.threadCount = max(1, threadCount)
        self.maxQueuedJobs = max(1, maxQueuedJobs)
        self.maxQueueWait = maxQueueWait
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

    /// How long new work would wait for a thread now, by the recent time per job.
    public var estimatedWait: Duration {
        condition.withLock { estimatedWaitLocked }
    }

    /// `estimatedWait`, with `condition` held.
    private var estimatedWaitLocked: Duration {
        recentJobTime * (Double(queue.count) / Double(threadCount))
    }

    /// Runs `work` on a worker thread and returns its result.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async throws(Refusal) -> Value {
        let result: Result<Value, Refusal> = await withCheckedContinuation { continuation in
            let refusal: Refusal? = condition.withLock {
                if stopped { return .shutDown }
                let wait = estimatedWaitLocked
                if queue.count >= maxQueuedJobs { return .busy(.queueFull, retryAfter: wait) }
                if wait > maxQueueWait { return .busy(.queueWait, retryAfter: wait) }
                queue.append(Job(
                    enqueued: clock.now,
                    run: { continuation.resume(returning: .success(work())) },
                    refuse: { continuation.resume(returning: .failure($0)) }))
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
            let taken: (job: Job, late: Refusal?)? = condition.withLock {
                while queue.isEmpty && !stopped { condition.wait() }
                guard let job = queue.popFirst() else { return nil }
                guard clock.now - job.enqueued <= maxQueueWait else {
                    return (job, .busy(.queueTimeout, retryAfter: estimatedWaitLocked))
                }
                return (job, nil)
            }
            guard let (job, late) = taken else { return }
            if let late {
                job.refuse(late)
                continue
            }
            let start = clock.now
            job.run()
            let elapsed = clock.now - start
            condition.withLock {
                recentJobTime = recentJobTime == .zero
                    ? elapsed : recentJobTime * (1 - Self.smoothing) + elapsed * Self.smoothing
            }
        }
    }
}
