import DigitReaderCore
import Foundation

/// How the learning rate moves over training: a linear warm-up, then cosine decay to a floor.
///
/// Warm-up keeps Adam and batch norm from taking wild first steps; cosine decay lets the last
/// epochs settle into a minimum, which is worth a few tenths of a point on MNIST.
public struct LearningRateSchedule: Sendable, Codable, Equatable {
    public var peak: Float
    public var warmupSteps: Int
    public var totalSteps: Int
    /// The final learning rate as a fraction of `peak`.
    public var floorFraction: Float

    public init(peak: Float, warmupSteps: Int, totalSteps: Int, floorFraction: Float = 0.01) {
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.totalSteps = max(totalSteps, 1)
        self.floorFraction = floorFraction
    }

    /// Learning rate for the 0-based `step`.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps {
            return peak * Float(step + 1) / Float(warmupSteps)
        }
        let progress = Float(step - warmupSteps) / Float(max(totalSteps - warmupSteps, 1))
        let cosine = 0.5 * (1 + cos(Float.pi * min(progress, 1)))
        return peak * (floorFraction + (1 - floorFraction) * cosine)
    }
}
