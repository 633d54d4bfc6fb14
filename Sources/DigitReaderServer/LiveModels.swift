import DigitReaderCore
import Foundation

/// The models the server answers with now: one `ModelGeneration`, replaced atomically on reload.
///
/// Readers copy the current generation under a lock and let go at once; a request keeps the
/// copy it took, so requests in flight finish on the models they started with.
public final class LiveModels: @unchecked Sendable {
    // `lock` guards `generation`; that is what makes the class safely Sendable.
    private let lock = NSLock()
    private var generation: ModelGeneration

    public init(_ generation: ModelGeneration) {
        self.generation = generation
    }

    /// The generation to use for one request.
    public var current: ModelGeneration {
        lock.withLock { generation }
    }

    /// Makes `next` current for every request that starts from now on.
    public func replace(with next: ModelGeneration) {
        lock.withLock { generation = next }
    }
}
