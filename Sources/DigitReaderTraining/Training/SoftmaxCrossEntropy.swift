import DigitReaderCore
import Foundation

/// Softmax and the cross-entropy loss on top of it, fused for numerical stability.
public enum SoftmaxCrossEntropy {
    /// Row-wise softmax of `[batch, classes]` logits.
    public static func probabilities(_ logits: Tensor) -> [[Float]] {
        logits.rows.map(Probabilities.softmax)
    }

    /// Mean loss over the batch and its gradient with respect to the logits.
    /// `labelSmoothing` spreads that much probability mass evenly over all classes in the target.
    public static func loss(logits: Tensor, labels: [Int], labelSmoothing: Float = 0) -> (loss: Float, gradient: Tensor) {
        let classes = logits.itemSize
        let batch = Float(logits.batchSize)
        let probabilities = probabilities(logits)
        var loss: Float = 0
        var gradient = [Float](repeating: 0, count: logits.count)
        for (row, p) in probabilities.enumerated() {
            for c in 0..<classes {
                let target = (c == labels[row] ? 1 - labelSmoothing : 0) + labelSmoothing / Float(classes)
                if target > 0 { loss -= target * log(max(p[c], 1e-12)) }
                gradient[row * classes + c] = (p[c] - target) / batch
            }
        }
        return (loss / batch, Tensor(shape: logits.shape, scalars: gradient))
    }
}
