#if canImport(Glibc)
import DigitReaderCore
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times calls one by one (latency) or in a loop (throughput), with a warm-up first so caches,
/// lazily built buffers and CPU frequency settle before anything is recorded.
///
/// Kept in the core rather than the CLI so the server's own health checks and the tests can
/// time things the same way the `benchmark` command reports them.
public struct LatencyBenchmark: Sendable {
    /// Untimed calls before timing starts.
    public var warmup: Int

    /// A benchmark with `warmup` untimed calls.
    public init(warmup: Int = 50) {
        self.warmup = max(0, warmup)
    }

    /// Calls `body(i)` for `i` in `0..<iterations`, timing each call on its own.
    /// The values `body` returns are folded into a checksum so the work cannot be optimised away.
    public func latency(iterations: Int, _ body: (Int) -> Float) -> (statistics: LatencyStatistics, checksum: Float) {
        let clock = ContinuousClock()
        var checksum: Float = 0
        for index in 0..<warmup { checksum += body(index) }
        var durations: [Duration] = []
        durations.reserveCapacity(max(iterations, 1))
        for index in 0..<max(iterations, 1) {
            let start = clock.now
            let value = body(index)
            durations.append(clock.now - start)
            checksum += value
        }
        return (LatencyStatistics(durations), checksum)
    }

    /// Items per second: calls `body(i)`, which handles `itemsPerCall` items, until at least
    /// `minimumCalls` calls and `minimumSeconds` have passed.
    ///
    /// Reports both wall-clock and CPU-time rates: on a machine shared with builds and training
    /// the wall-clock rate says more about the neighbours than about the code, while the rate
    /// per CPU second of the calling thread does not (`body` must do its work on that thread).
    public func throughput(
        itemsPerCall: Int, minimumCalls: Int = 5, minimumSeconds: Double = 1, _ body: (Int) -> Float
    ) -> (itemsPerSecond: Double, itemsPerCPUSecond: Double, calls: Int, checksum: Float) {
        let clock = ContinuousClock()
        var checksum: Float = 0
        for index in 0..<min(warmup, 2) { checksum += body(index) }
        let start = clock.now
        let cpuStart = Self.threadCPUSeconds()
        var calls = 0
        var elapsed: Double = 0
        while calls < minimumCalls || elapsed < minimumSeconds {
            checksum += body(calls)
            calls += 1
            elapsed = LatencyStatistics.seconds(clock.now - start)
        }
        let cpu = max(Self.threadCPUSeconds() - cpuStart, 1e-9)
        return (Double(calls * itemsPerCall) / elapsed, Double(calls * itemsPerCall) / cpu, calls, checksum)
    }

    /// CPU time consumed so far by the calling thread, in seconds.
    public static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
