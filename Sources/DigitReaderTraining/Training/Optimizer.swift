import DigitReaderCore
import Foundation

/// Updates parameters from their gradients.
public protocol Optimizer: Sendable {
    /// Applies one step with the given learning rate.
    mutating func update(_ parameters: inout [Tensor], gradients: [Tensor], learningRate: Float)
}

/// Stochastic gradient descent with (optionally Nesterov) momentum and L2 weight decay.
public struct SGD: Optimizer {
    public let momentum: Float
    public let weightDecay: Float
    public let nesterov: Bool
    private var velocity: [[Float]] = []

    public init(momentum: Float = 0.9, weightDecay: Float = 0, nesterov: Bool = true) {
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor], learningRate: Float) {
        if velocity.isEmpty { velocity = parameters.map { [Float](repeating: 0, count: $0.count) } }
        for p in parameters.indices {
            for i in parameters[p].scalars.indices {
                let g = gradients[p].scalars[i] + weightDecay * parameters[p].scalars[i]
                velocity[p][i] = momentum * velocity[p][i] + g
                let step = nesterov ? g + momentum * velocity[p][i] : velocity[p][i]
                parameters[p].scalars[i] -= learningRate * step
            }
        }
    }
}

/// Adam with decoupled weight decay (AdamW when `weightDecay > 0`).
public struct Adam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    private var firstMoment: [[Float]] = []
    private var secondMoment: [[Float]] = []
    private var step = 0

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, weightDecay: Float = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public mutating func update(_ parameters: inout [Tensor], gradients: [Tensor], learningRate: Float) {
        if firstMoment.isEmpty {
            firstMoment = parameters.map { [Float](repeating: 0, count: $0.count) }
            secondMoment = firstMoment
        }
        step += 1
        let correction1 = 1 - Foundation.pow(beta1, Float(step))
        let correction2 = 1 - Foundation.pow(beta2, Float(step))
        for p in parameters.indices {
            gradients[p].scalars.withUnsafeBufferPointer { g in
                parameters[p].scalars.withUnsafeMutableBufferPointer { w in
                    for i in 0..<w.count {
                        firstMoment[p][i] = beta1 * firstMoment[p][i] + (1 - beta1) * g[i]
                        secondMoment[p][i] = beta2 * secondMoment[p][i] + (1 - beta2) * g[i] * g[i]
                        let mHat = firstMoment[p][i] / correction1
                        let vHat = secondMoment[p][i] / correction2
                        w[i] -= learningRate * (mHat / (vHat.squareRoot() + epsilon) + weightDecay * w[i])
                    }
                }
            }
        }
    }
}
