/// The result of `DigitNormalizer`: the 28 x 28 image a recognizer should see, plus what was
/// learned on the way, so callers can explain results ("the drawing was empty") and debug them.
public struct NormalizedDigit: Sendable, Equatable {
    /// What the model sees: MNIST-style, white ink on black, 20 x 20 box, centred by mass.
    public let digit: DigitImage
    /// True when there was no ink worth reading (blank canvas, a speck, uniform noise);
    /// `digit` is then `DigitImage.blank` and recognizers should not be asked to guess.
    public let isEmpty: Bool
    /// Detected ink polarity of the input (after compositing any transparency onto the page).
    public let polarity: InkPolarity
    /// Where the ink was found in the input picture (specks ignored); `nil` when empty.
    public let inkBounds: PixelRegion?
    /// Stroke width of the input measured as 2 x area / perimeter, in pixels of the 28 x 28
    /// frame (MNIST's median is about 2.5 on this scale); `nil` when empty.
    public let strokeWidth: Float?
    /// Whether strokes were thickened or thinned towards MNIST's typical width.
    public let strokeWidthAdjusted: Bool

    /// Bundles a normalisation result.
    public init(
        digit: DigitImage, isEmpty: Bool, polarity: InkPolarity, inkBounds: PixelRegion?,
        strokeWidth: Float?, strokeWidthAdjusted: Bool
    ) {
        self.digit = digit
        self.isEmpty = isEmpty
        self.polarity = polarity
        self.inkBounds = inkBounds
        self.strokeWidth = strokeWidth
        self.strokeWidthAdjusted = strokeWidthAdjusted
    }
}
