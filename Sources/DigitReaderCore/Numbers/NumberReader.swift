/// Reads a whole number (a year, a price, a postcode) from the strokes of a drawing or from an
/// image, left to right, with any recognizer.
///
/// Both paths find pieces of ink and hand them to `DigitGrouping`, which asks the recognizer
/// itself which pieces make a digit:
/// - **Strokes**: a piece is a stroke. Strokes whose ink touches, and strokes whose pen paths
///   cross, are marked so, which keeps a two-stroke 4 or crossed 7 whole; taps (a stroke shorter
///   than the brush is wide) are dropped as specks. Each candidate digit is drawn from its own
///   strokes, so a neighbour's overlapping box never leaks into it.
/// - **Images**: the picture is composited at a working height of about `workingHeight` pixels
///   and its ink split into connected blobs (specks dropped). A blob wider than `cutWidthRatio`
///   of the writing's height may be touching digits: it is split where its ink narrows to a neck
///   thinner than its strokes (`InkBlobs.splitAtNecks`: where two digits merely touch, however
///   their columns overlap), each part still that wide is cut into slices at the columns that
///   cross the fewest strokes and hold the least ink, and the parts and slices go to
///   `DigitGrouping` as pieces that touch where their inks do, so the recognizer puts them back
///   together into digits exactly as it groups touching strokes. A cut through two or more
///   strokes (the middle of a 0, a wide 2) counts as crossing, which digits rarely do, so a wide
///   digit stays whole unless its parts read much better apart. Each candidate digit is cut out
///   with only its own ink.
///
/// Recognizers read half a digit or two neighbours merged about as surely as a whole digit, so
/// with a `verifier` each candidate's confidence, from strokes or from a picture, is also
/// weighed by how likely it is to be one whole digit at all.
///
/// Every candidate is normalised exactly as a single digit is (`DigitNormalizer`), and the ones
/// `DigitGrouping` asks about go through the recognizer a batch at a time. More pieces than
/// `maxDigits` digits can be made of are refused before any of that work, so the cost of a
/// reading stays bounded.
public struct NumberReader: Sendable {
    /// Turns each candidate digit into the recognizer's input.
    public var normalizer = DigitNormalizer()
    /// Decides which pieces form each digit.
    public var grouping = DigitGrouping()
    /// Height (pixels) an image is box-averaged to, by a whole factor (so to between this and
    /// twice this), before its blobs are found. Averaging joins neighbours whose inks are a pixel
    /// or two apart into one blob that must then be cut, so a picture of the page's number pad
    /// (280 pixels high) is taken as it is: at 128, which halved it, the validation writers'
    /// pictures of 2 to 8 digits read 76.2% exactly instead of 78.4% (300 of each length; the
    /// training writers' 83.0% instead of 83.8%).
    public var workingHeight = 256
    /// Blobs wider than this multiple of the writing's height are sliced as touching digits.
    public var cutWidthRatio: Float = 0.65
    /// Narrowest slice a wide blob is cut into, as a fraction of the writing's height.
    public var sliceWidthRatio: Float = 0.25
    /// A wide blob is split where its ink is thinner than this fraction of its strokes' width
    /// (`InkBlobs.splitAtNecks`) before it is sliced; 0 never splits. Chosen on the training
    /// writers' pictures: of 100 numbers of each length 2 to 10, 758 read exactly without
    /// splitting, 774, 782, 787 and 773 at 0.6, 0.7, 0.8 and 0.9 (788 at 0.8 with the smaller
    /// cores `splitAtNecks` keeps now).
    public var neckDepthRatio: Float = 0.8
    /// Strokes thinner than twice this (pixels, at the working resolution) are not split at
    /// necks: a pixel or two cannot tell a neck from a stroke.
    public var minimumNeckHalfWidth: Float = 2
    /// Most digits a number may have; `read` throws `NumberReadingError.tooManyDigits` beyond.
    public static let maxDigits = 16
    /// Tells whole digits from what cutting or grouping leaves (see `WholeDigitVerifier`);
    /// numbers are read without it when nil. Strokes are never cut, but a touching neighbour's
    /// stroke can still be grouped with the wrong digit, and the verifier knows what that looks
    /// like too: with it, the training writers' stroke numbers of 2 to 10 digits (100 of each)
    /// read 899 exactly instead of 893, and the validation writers' 1,669 of 1,800 instead of
    /// 1,662.
    public var verifier: WholeDigitVerifier?
    /// How much the verifier's answer counts: a candidate's confidence is the recognizer's times
    /// the verifier's probability that it is one whole digit raised to this power (chosen on
    /// the training writers' pictures, see README; strokes use the same).
    public var verifierWeight: Float = 0.5

    public init() {}

    // MARK: - Strokes

    /// The number written in `drawing`.
    public func read(_ drawing: StrokeDrawing, with recognizer: any Recognizer) throws(NumberReadingError) -> NumberReading {
        let brush = drawing.brushWidth
        var strokes: [Int] = []
        var pieces: [DigitGrouping.Piece] = []
        for index in drawing.strokes.indices {
            guard let box = drawing.bounds(of: [index]), max(box.width, box.height) >= brush else { continue }
            strokes.append(index)
            pieces.append(DigitGrouping.Piece(box: box.expanded(by: brush / 2)))
        }
        try checkCount(pieces: pieces.count)
        for a in pieces.indices {
            for b in pieces.indices where a < b && pieces[a].box.intersects(pieces[b].box) {
                let (first, second) = (drawing.strokes[strokes[a]], drawing.strokes[strokes[b]])
                guard StrokeGeometry.touch(first, second, within: brush) else { continue }
                pieces[a].touching.insert(b)
                pieces[b].touching.insert(a)
                if StrokeGeometry.cross(first, second) {
                    pieces[a].crossing.insert(b)
                    pieces[b].crossing.insert(a)
                }
            }
        }
        let digits = try group(pieces, with: recognizer) { members in
            normalizer.normalize(drawing, strokes: members.map { strokes[$0] })
        }
        return NumberReading(digits: digits.map { digit in
            NumberReading.Digit(
                probabilities: digit.probabilities,
                box: digit.members.map { pieces[$0].box }.reduce(pieces[digit.members[0]].box) { $0.union($1) },
                normalized: digit.normalized)
        })
    }

    // MARK: - Images

    /// The number in `image`.
    public func read(_ image: RasterImage, with recognizer: any Recognizer) throws(NumberReadingError) -> NumberReading {
        guard let ink = try PictureInk(image, reader: self) else { return NumberReading(digits: []) }
        let digits = try group(ink.pieces, with: recognizer) { members in
            normalizer.normalize(ink.picture(of: members))
        }
        return NumberReading(digits: digits.map { digit in
            let region = digit.members.map { ink.blobs[$0].box }.reduce(ink.blobs[digit.members[0]].box) { $0.union($1) }
            return NumberReading.Digit(
                probabilities: digit.probabilities, box: Self.clamped(Self.box(region, factor: ink.factor), image),
                normalized: digit.normalized)
        })
    }

    /// One candidate digit of a picture, as `read` considers it: what the recognizer sees, and
    /// where its ink is.
    public struct Candidate: Sendable {
        /// The normalised input.
        public let digit: DigitImage
        /// Its ink pixels, as `y * width + x` in the picture (at its working resolution).
        public let inkPixels: [Int]
    }

    /// Every candidate digit `read` could ask the recognizer about in `image` (the runs of
    /// pieces `DigitGrouping.candidateRuns` proposes, empty ones left out), and the working
    /// resolution's factor: the examples `WholeDigitVerifier` learns from.
    public func candidates(in image: RasterImage) throws(NumberReadingError) -> (factor: Int, candidates: [Candidate]) {
        guard let ink = try PictureInk(image, reader: self) else { return (Self.factor(image, workingHeight: workingHeight), []) }
        let order = DigitGrouping.readingOrder(ink.pieces)
        let candidates = grouping.candidateRuns(ink.pieces, order: order).compactMap { run -> Candidate? in
            let members = Array(order[run])
            let normalized = normalizer.normalize(ink.picture(of: members))
            guard !normalized.isEmpty else { return nil }
            return Candidate(digit: normalized.digit, inkPixels: members.flatMap { ink.pixels(of: $0) })
        }
        return (ink.factor, candidates)
    }

    /// The factor `image` is box-averaged by to reach `workingHeight` (see there).
    static func factor(_ image: RasterImage, workingHeight: Int) -> Int {
        max(1, image.height / workingHeight, image.width / (16 * workingHeight))
    }

    /// A picture's ink at its working resolution, cut into the pieces `DigitGrouping` groups.
    private struct PictureInk {
        let factor: Int
        let picture: CompositedPicture
        let ink: InkBlobs
        let page: UInt8
        /// The blobs, wide ones sliced, one per piece.
        let blobs: [InkBlobs.Blob]
        let pieces: [DigitGrouping.Piece]

        /// Nil when the picture has no ink.
        init?(_ image: RasterImage, reader: NumberReader) throws(NumberReadingError) {
            let factor = NumberReader.factor(image, workingHeight: reader.workingHeight)
            self.factor = factor
            let composited = image.pixels.withUnsafeBufferPointer {
                CompositedPicture(rgba: $0, width: image.width, height: image.height, factor: factor)
            }
            let scale: InkScale
            (picture, scale) = reader.normalizer.inkScale(of: composited)
            guard scale.hasInk else { return nil }
            var ink = InkBlobs(picture, scale: scale)
            page = scale.pageLevel
            let longer = Float(max(picture.width, picture.height))
            let blobs = ink.blobs.filter { Float(max($0.box.width, $0.box.height)) >= reader.normalizer.minimumExtent * longer }
            try reader.checkCount(pieces: blobs.count)
            (self.blobs, pieces) = reader.sliced(blobs, in: &ink)
            self.ink = ink
            try reader.checkCount(pieces: pieces.count)
        }

        /// The part of the picture holding the pieces `members`, with only their ink.
        func picture(of members: [Int]) -> CompositedPicture {
            ink.picture(of: members.map { blobs[$0] }, in: picture, page: page)
        }

        /// The ink pixels of piece `index`, as `y * width + x`.
        func pixels(of index: Int) -> [Int] {
            let blob = blobs[index]
            return (blob.box.y..<(blob.box.y + blob.box.height)).flatMap { y in
                (blob.box.x..<(blob.box.x + blob.box.width)).compactMap { x in ink.contains(blob, x: x, y: y) ? y * ink.width + x : nil }
            }
        }
    }

    /// The blobs with every one wider than `cutWidthRatio` of the writing's height split at its
    /// necks and each part still that wide cut into slices (see the type's documentation), and
    /// the pieces `DigitGrouping` groups: one per slice, touching the slices of its blob whose ink
    /// it touches, crossing its neighbouring slice where their cut went through more than one
    /// stroke, and marked as sliced from its blob (all of them one part of a digit).
    private func sliced(_ blobs: [InkBlobs.Blob], in ink: inout InkBlobs) -> ([InkBlobs.Blob], [DigitGrouping.Piece]) {
        let height = DigitGrouping.writingHeight(blobs.map { Float($0.box.height) })
        let isWide = { (blob: InkBlobs.Blob) in Float(blob.box.width) > cutWidthRatio * height }
        var slices: [InkBlobs.Blob] = []
        var pieces: [DigitGrouping.Piece] = []
        // How many cuts a blob this wide may take, so how many slices at most it is made of.
        let cutCount = { (blob: InkBlobs.Blob) in Int(Float(blob.box.width) / (sliceWidthRatio * height)) }
        for (index, blob) in blobs.enumerated() {
            let parts = isWide(blob)
                ? ink.splitAtNecks(blob, depthRatio: neckDepthRatio, minimumHalfWidth: minimumNeckHalfWidth, maximumParts: cutCount(blob) + 1)
                : [blob]
            let first = pieces.count
            for part in parts {
                let cuts = isWide(part) ? ink.cutColumns(part, spacing: max(1, Int(sliceWidthRatio * height)), count: cutCount(part)) : []
                for (offset, slice) in ink.slices(part, at: cuts).enumerated() {
                    var piece = DigitGrouping.Piece(box: Self.box(slice.box, factor: 1), slicedFrom: index)
                    if offset > 0, ink.columnInk(part, at: slice.columns.lowerBound).strokes > 1 {
                        piece.crossing.insert(pieces.count - 1)
                        pieces[pieces.count - 1].crossing.insert(pieces.count)
                    }
                    pieces.append(piece)
                    slices.append(slice)
                }
            }
            guard pieces.count - first > 1 else {
                pieces[first].slicedFrom = nil
                continue
            }
            for pair in ink.touchingPairs(Array(slices[first...])) {
                let (a, b) = (first + pair[0], first + pair[1])
                pieces[a].touching.insert(b)
                pieces[b].touching.insert(a)
            }
        }
        return (slices, pieces)
    }

    /// A working-resolution region as a box in source pixels.
    private static func box(_ region: PixelRegion, factor: Int) -> StrokeBox {
        StrokeBox(
            minX: Float(region.x * factor), minY: Float(region.y * factor),
            maxX: Float((region.x + region.width) * factor), maxY: Float((region.y + region.height) * factor))
    }

    private static func clamped(_ box: StrokeBox, _ image: RasterImage) -> StrokeBox {
        StrokeBox(
            minX: box.minX, minY: box.minY,
            maxX: min(box.maxX, Float(image.width)), maxY: min(box.maxY, Float(image.height)))
    }

    // MARK: - Shared

    /// A digit chosen by `grouping`: its pieces, its normalised input and its probabilities.
    private struct GroupedDigit {
        let members: [Int]
        let normalized: NormalizedDigit
        let probabilities: [Float]
    }

    /// Refuses, before any recognition, more pieces than `maxDigits` digits can be made of.
    private func checkCount(pieces: Int) throws(NumberReadingError) {
        let perDigit = grouping.maxPiecesPerDigit
        guard pieces <= Self.maxDigits * perDigit else { throw .tooManyDigits(atLeast: (pieces + perDigit - 1) / perDigit) }
    }

    /// The best partition of `pieces` into digits, at most `maxDigits` of them, with the
    /// recognizer scoring the candidate runs `grouping` asks about (a batch at a time), each
    /// confidence weighed by `verifier`'s answer when there is one; `normalize` gives a
    /// candidate's input from its pieces.
    private func group(
        _ pieces: [DigitGrouping.Piece], with recognizer: any Recognizer, normalize: ([Int]) -> NormalizedDigit
    ) throws(NumberReadingError) -> [GroupedDigit] {
        let order = DigitGrouping.readingOrder(pieces)
        var read: [Range<Int>: (normalized: NormalizedDigit, probabilities: [Float]?)] = [:]
        let runs = grouping.partition(pieces, order: order, runs: grouping.candidateRuns(pieces, order: order)) { batch in
            let normalized = batch.map { normalize(Array(order[$0])) }
            let probabilities = answers(normalized) { recognizer.probabilities(for: $0) }
            for (run, reading) in zip(batch, zip(normalized, probabilities)) { read[run] = reading }
            let confidence = probabilities.map { Probabilities.log($0?.max() ?? 0) }
            guard let verifier else { return confidence }
            let wholeness = answers(normalized) { verifier.wholeness(of: $0) }
            return zip(confidence, wholeness).map { $0 + verifierWeight * ($1.map(Probabilities.log) ?? 0) }
        }
        guard runs.count <= Self.maxDigits else { throw .tooManyDigits(atLeast: runs.count) }
        return runs.compactMap { run in
            guard let reading = read[run], let probabilities = reading.probabilities else { return nil }
            return GroupedDigit(members: Array(order[run]), normalized: reading.normalized, probabilities: probabilities)
        }
    }

    /// `answer`'s answer for each non-empty digit, computed in one batch (`nil` for empty ones).
    private func answers<Answer>(_ digits: [NormalizedDigit], _ answer: ([DigitImage]) -> [Answer]) -> [Answer?] {
        let filled = digits.indices.filter { !digits[$0].isEmpty }
        guard !filled.isEmpty else { return digits.map { _ in nil } }
        let batch = answer(filled.map { digits[$0].digit })
        var result = [Answer?](repeating: nil, count: digits.count)
        for (position, index) in filled.enumerated() { result[index] = batch[position] }
        return result
    }
}
