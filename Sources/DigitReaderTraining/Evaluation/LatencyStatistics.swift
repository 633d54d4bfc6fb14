import DigitReaderCore

/// Summary of many timed calls: the median says what is typical, the 99th percentile what a
/// request is promised (latency targets are about the tail, not the mean).
public struct LatencyStatistics: Sendable, Equatable, Codable {
    /// Number of timed calls.
    public let samples: Int
    /// Middle value, in seconds.
    public let median: Double
    /// 99th percentile (nearest rank), in seconds.
    public let p99: Double
    /// Arithmetic mean, in seconds.
    public let mean: Double
    /// Fastest call, in seconds.
    public let minimum: Double

    /// Statistics of `durations` (at least one).
    public init(_ durations: [Duration]) {
        precondition(!durations.isEmpty, "latency statistics need at least one sample")
        let seconds = durations.map(Self.seconds).sorted()
        samples = seconds.count
        median = Self.percentile(seconds, 0.5)
        p99 = Self.percentile(seconds, 0.99)
        mean = seconds.reduce(0, +) / Double(seconds.count)
        minimum = seconds[0]
    }

    /// Nearest-rank percentile of sorted values: the smallest value at or above `fraction` of them.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// A duration in seconds, the unit every figure here is kept in.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
