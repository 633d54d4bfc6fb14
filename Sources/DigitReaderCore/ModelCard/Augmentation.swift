import Foundation

/// The settings of the random variation training synthesises from MNIST digits and from the
/// strokes of pen digits, as recorded in a model card (`DigitReaderTraining` applies them).
///
/// Each option is off at zero. What helps real drawings must be measured: small rotations,
/// shears and elastic warps of MNIST's pictures blur the boundary between a flagged "1" and a
/// "7", so recipes use them sparingly. Leaning and stretching pen strokes before they are drawn
/// (`penSlant`, `penStretch`) read the pen validation writers a little better but cost MNIST and
/// whole two-stroke 4s, so the shipped recipes leave them off.
public struct Augmentation: Codable, Sendable, Equatable {
    /// Fraction of training images that are varied at all.
    public var probability: Float
    /// Largest rotation, in degrees either way.
    public var rotationDegrees: Float
    /// Largest relative change of size, e.g. 0.1 for 90%...110%.
    public var scale: Float
    /// Largest horizontal shear factor.
    public var shear: Float
    /// Largest shift in pixels either way.
    public var translation: Float
    /// Strength of the elastic warp in pixels (0 turns it off).
    public var elasticAlpha: Float
    /// Smoothness of the elastic warp (Gaussian sigma in pixels).
    public var elasticSigma: Float
    /// Probability of thickening or thinning the strokes by about one pixel.
    public var strokeWidth: Float
    /// Probability that a "1" gets the up-stroke flag many writers draw (see `WriterStrokes`).
    /// Independent of `probability`, like `hookedNines`.
    public var flaggedOnes: Float
    /// Probability that a "9" gets a tail hooked to the left (see `WriterStrokes`).
    public var hookedNines: Float
    /// Probability that a digit is redrawn the way a large, smooth canvas upload reaches the
    /// model: scaled up to a random canvas of 56-280 px as black ink on transparent, then
    /// normalised again by `DigitNormalizer`. The round trip softens edges (as the upload path
    /// does for any smooth drawing); seeing it in training keeps the model from reading a
    /// softened digit differently. Independent of `probability`, like `flaggedOnes`.
    public var canvasRedraw: Float
    /// Probability that a pen digit loses one short piece of one stroke before it is drawn
    /// (`StrokeGaps` in `DigitReaderTraining`). People often leave a loop open or lift the pen
    /// mid-stroke; an open-loop "9" read as 7 was the mistake every model shared, and neither
    /// MNIST nor the training writers show many such gaps. Applies to pen renders only,
    /// independent of `probability`, like `canvasRedraw`.
    public var strokeGaps: Float
    /// Largest slant given to a pen digit before it is drawn, as a shear factor (the top moves
    /// sideways by up to this fraction of the digit's height, either way). Writers differ most in
    /// how far they lean their digits; 25 training writers show only 25 habits, so each pen render
    /// leans by a new random amount. Applies to pen renders only, like `strokeGaps`.
    public var penSlant: Float
    /// Largest relative change of a pen digit's width against its height before it is drawn, e.g.
    /// 0.15 for 85%...115%: narrow and wide hands, for the same reason as `penSlant`.
    public var penStretch: Float

    public init(
        probability: Float = 0, rotationDegrees: Float = 0, scale: Float = 0, shear: Float = 0,
        translation: Float = 0, elasticAlpha: Float = 0, elasticSigma: Float = 4, strokeWidth: Float = 0,
        flaggedOnes: Float = 0, hookedNines: Float = 0, canvasRedraw: Float = 0, strokeGaps: Float = 0,
        penSlant: Float = 0, penStretch: Float = 0
    ) {
        self.probability = probability
        self.rotationDegrees = rotationDegrees
        self.scale = scale
        self.shear = shear
        self.translation = translation
        self.elasticAlpha = elasticAlpha
        self.elasticSigma = elasticSigma
        self.strokeWidth = strokeWidth
        self.flaggedOnes = flaggedOnes
        self.hookedNines = hookedNines
        self.canvasRedraw = canvasRedraw
        self.strokeGaps = strokeGaps
        self.penSlant = penSlant
        self.penStretch = penStretch
    }

    /// Reads recipes recorded before `flaggedOnes`, `hookedNines`, `canvasRedraw`, `strokeGaps`,
    /// `penSlant` and `penStretch` existed as recipes without them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        probability = try container.decode(Float.self, forKey: .probability)
        rotationDegrees = try container.decode(Float.self, forKey: .rotationDegrees)
        scale = try container.decode(Float.self, forKey: .scale)
        shear = try container.decode(Float.self, forKey: .shear)
        translation = try container.decode(Float.self, forKey: .translation)
        elasticAlpha = try container.decode(Float.self, forKey: .elasticAlpha)
        elasticSigma = try container.decode(Float.self, forKey: .elasticSigma)
        strokeWidth = try container.decode(Float.self, forKey: .strokeWidth)
        flaggedOnes = try container.decodeIfPresent(Float.self, forKey: .flaggedOnes) ?? 0
        hookedNines = try container.decodeIfPresent(Float.self, forKey: .hookedNines) ?? 0
        canvasRedraw = try container.decodeIfPresent(Float.self, forKey: .canvasRedraw) ?? 0
        strokeGaps = try container.decodeIfPresent(Float.self, forKey: .strokeGaps) ?? 0
        penSlant = try container.decodeIfPresent(Float.self, forKey: .penSlant) ?? 0
        penStretch = try container.decodeIfPresent(Float.self, forKey: .penStretch) ?? 0
    }

    /// No variation.
    public static let none = Augmentation()

    /// Whether any option is on.
    public var isEnabled: Bool {
        flaggedOnes > 0 || hookedNines > 0 || canvasRedraw > 0 || strokeGaps > 0 || penSlant > 0 || penStretch > 0
            || isWarping
    }

    /// Whether any geometric or stroke-width variation is on.
    public var isWarping: Bool {
        probability > 0 && (rotationDegrees > 0 || scale > 0 || shear > 0 || translation > 0 || elasticAlpha > 0 || strokeWidth > 0)
    }
}
