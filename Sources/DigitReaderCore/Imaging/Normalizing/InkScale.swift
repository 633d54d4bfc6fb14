/// Step 2 of `DigitNormalizer`: which grey levels are ink and how strongly.
///
/// The page level is the median of the picture's border; the noise is the third quartile of
/// the border's deviation from it (about 1.15 sigma for Gaussian noise: ink that crosses the
/// border, a big digit, must not pass for noise, so no higher percentile). `PhotoPage` measures
/// both over a photo's whole page instead. Ink lies on the side of the page holding more mass
/// beyond the noise; its strength is stretched so the most extreme 10% of it reaches full ink,
/// and a floor derived from the noise is subtracted (zero for clean digital images).
public struct InkScale: Sendable {
    /// Which side of the page the ink is on.
    public let polarity: InkPolarity
    /// The page's grey level.
    public let pageLevel: UInt8
    /// How far the page strays from its level, in grey levels (0 for clean digital pictures).
    public let noise: Int
    /// Ink intensity 0...1 for each grey level; empty when the picture holds no ink worth
    /// reading (no mass beyond the noise, or less contrast than asked for).
    public let lookup: [Float]

    /// Whether any grey level reads as ink.
    public var hasInk: Bool { !lookup.isEmpty }

    /// The scale for `picture`; contrast under `minimumContrast` (a fraction of full scale)
    /// reads as no ink.
    public init(_ picture: CompositedPicture, minimumContrast: Float) {
        self.init(border: picture.borderHistogram, histogram: picture.histogram, minimumContrast: minimumContrast)
    }

    /// The scale for a picture with grey-level `histogram` whose border has the grey-level
    /// histogram `border` (`PhotoPage` reads the border once for this and for its own test).
    init(border: [Int], histogram: [Int], minimumContrast: Float) {
        let borderCount = border.reduce(0, +)
        let pageLevel = Self.percentile(border, total: borderCount, fraction: 0.5)
        var deviations = [Int](repeating: 0, count: 256)
        for value in 0..<256 { deviations[abs(value - pageLevel)] += border[value] }
        let noise = Self.percentile(deviations, total: borderCount, fraction: 0.75)
        self.init(histogram: histogram, pageLevel: pageLevel, noise: noise, minimumContrast: minimumContrast)
    }

    /// The scale for a picture with grey-level `histogram` whose page level and noise were
    /// measured elsewhere (`PhotoPage` measures them over the whole page).
    init(histogram: [Int], pageLevel: Int, noise: Int, minimumContrast: Float) {
        self.pageLevel = UInt8(pageLevel)
        let noise = min(noise, 40)
        self.noise = noise
        let significance = max(8, 2 * noise)
        var darkMass = 0
        var lightMass = 0
        for value in 0..<256 {
            if value < pageLevel - significance { darkMass += (pageLevel - value) * histogram[value] }
            if value > pageLevel + significance { lightMass += (value - pageLevel) * histogram[value] }
        }
        let polarity: InkPolarity = darkMass >= lightMass ? .darkOnLight : .lightOnDark
        self.polarity = polarity
        guard max(darkMass, lightMass) > 0 else {
            lookup = []
            return
        }
        // Ink level: the value that the most extreme 10% of ink candidates reach.
        var candidates = [Int](repeating: 0, count: 256)
        var candidateCount = 0
        for value in 0..<256 {
            let distance = polarity == .darkOnLight ? pageLevel - value : value - pageLevel
            if distance > significance {
                candidates[distance] += histogram[value]
                candidateCount += histogram[value]
            }
        }
        // Faint ink (pencil, dim photos) is stretched to full strength; near-full ink is left
        // exactly as it is, so MNIST's own grey levels survive untouched.
        let available = polarity == .darkOnLight ? pageLevel : 255 - pageLevel
        var contrast = Self.percentile(candidates, total: candidateCount, fraction: 0.9)
        if 10 * contrast >= 9 * available { contrast = available }
        guard Float(contrast) >= minimumContrast * 255 else {
            lookup = []
            return
        }
        let floor = min(Float(noise) * 1.5, Float(contrast) * 0.5)
        var lookup = [Float](repeating: 0, count: 256)
        for value in 0..<256 {
            let distance = Float(polarity == .darkOnLight ? pageLevel - value : value - pageLevel)
            lookup[value] = min(max((distance - floor) / (Float(contrast) - floor), 0), 1)
        }
        self.lookup = lookup
    }

    /// The smallest value such that at least `fraction` of a histogram's `total` lies at or below it.
    static func percentile(_ histogram: [Int], total: Int, fraction: Double) -> Int {
        guard total > 0 else { return 0 }
        let goal = max(1, Int((Double(total) * fraction).rounded(.up)))
        var seen = 0
        for (value, count) in histogram.enumerated() {
            seen += count
            if seen >= goal { return value }
        }
        return histogram.count - 1
    }
}
