import Foundation

/// Decides which pieces of ink make up each digit of a number: the segmentation rule shared by
/// stroke uploads (a piece is a stroke) and images (a piece is a connected blob of ink).
///
/// Pieces are ordered left to right by their centres; a digit is a run of consecutive pieces.
/// Geometry proposes the runs worth asking about: pieces that overlap horizontally or nearly touch
/// may belong together (the bar of a 4 or a 5, a crossed 7, a 1 with a base, a broken stroke), up
/// to `maxPiecesPerDigit` of them and not much wider than a digit is tall. The recognizer scores
/// the proposed runs that could still win (how sure it is that the run is one digit), and dynamic
/// programming picks the partition with the best total: what each digit is worth (its log
/// confidence, a share of its log-odds, a reward for its height, less a fixed cost), minus a
/// penalty for separating pieces that touch, cross, are stacked one over the other or lie one
/// inside the other, for a "digit" that is only a sliver of the writing's height (a lone bar or
/// dot), for a digit of three or more separate parts, and for a digit of several pieces much
/// wider than digits are. Neighbours whose boxes overlap thus stay apart when each reads well
/// alone, and a two-stroke 4 stays whole because its strokes cross and read best together.
///
/// The weights of that total were fitted on numbers composed from the pen training writers only
/// (a structured perceptron over these terms, then a grid around its answer, scored on canvas
/// pictures and strokes together) and rounded: the settings around them read about as well.
public struct DigitGrouping: Sendable {
    /// Most pieces one digit may have.
    public var maxPiecesPerDigit = 4
    /// Widest run considered as one digit, as a multiple of the writing's height.
    public var maxWidthRatio: Float = 1.5
    /// Largest horizontal gap between pieces of one digit, as a fraction of the writing's height.
    public var maxGapRatio: Float = 0.05
    /// Weight of a digit's log-odds of being read right, log(p / (1 - p)) capped at `oddsCap`,
    /// in what the digit is worth. Recognizers read half a digit, or two neighbours merged, with
    /// a confidence of 0.9 to 0.99 and whole digits with 0.999 or more: log confidence hardly
    /// tells them apart (-0.03 against -0.001), log-odds does (3.5 against 6.9).
    public var oddsWeight: Float = 0.07
    /// See `oddsWeight`: the log-odds of 0.999, beyond which more certainty earns nothing.
    public var oddsCap: Float = 6.9
    /// Reward per writing height of a digit's height: a digit is as tall as the writing, while
    /// what a cut leaves over (a hook, a tail, the end of a bar) is shorter, yet recognizers read
    /// it as surely as a 1 or a 7.
    public var heightWeight: Float = 0.7
    /// What each digit costs (log units), against the rewards above: a digit as tall as the
    /// writing and read with certainty is worth 0.63, one half as tall 0.28, so cutting ink into
    /// more digits pays only when every part reads surely and stands tall.
    public var digitCost: Float = 0.55
    /// Penalty (log units) for putting two touching pieces into different digits.
    public var touchingPenalty: Float = 0.3
    /// Penalty for putting two crossing pieces into different digits: neighbouring digits touch
    /// now and then, but their strokes hardly ever cross.
    public var crossingPenalty: Float = 0.5
    /// Pieces overlapping horizontally by this fraction of the narrower one's width, and
    /// vertically by at most `stackedVerticalOverlap` of the shorter one's height, are stacked
    /// one over the other (the two loops of an 8): digits sit side by side, so stacked pieces
    /// belong together.
    public var stackedOverlap: Float = 0.6
    /// See `stackedOverlap`.
    public var stackedVerticalOverlap: Float = 0.5
    /// A piece with at least this fraction of its box inside the box of a piece
    /// `nestedAreaRatio` times its size or more lies within it (the inner stroke of a 0 drawn as
    /// two): neighbouring digits overlap at their edges, not one inside the other, so nested
    /// pieces belong together.
    public var nestedOverlap: Float = 0.9
    /// See `nestedOverlap`.
    public var nestedAreaRatio: Float = 1.6
    /// Penalty for putting two stacked or nested pieces into different digits.
    public var stackedPenalty: Float = 1
    /// Penalty per unit of width beyond `typicalWidthRatio` of the writing's height, for a digit
    /// of several pieces: two neighbours merged are wider than any one digit.
    public var widthPenalty: Float = 0.75
    /// See `widthPenalty`.
    public var typicalWidthRatio: Float = 0.9
    /// Penalty for a digit made of `manyParts` or more separate parts (strokes, or blobs of ink:
    /// slices cut from one blob are one part). People write a digit in one or two strokes: of
    /// the pen training writers' 6,246 digits a quarter have two strokes, 9 have three and none
    /// more, so a three-stroke "digit" is most likely two neighbours merged (a 4 and the 1 it
    /// touches read as one 4).
    public var manyPartsPenalty: Float = 1
    /// See `manyPartsPenalty`.
    public var manyParts = 3
    /// Penalty for a digit less tall than `minimumHeightRatio` of the writing's height.
    public var sliverPenalty: Float = 3
    /// See `sliverPenalty`.
    public var minimumHeightRatio: Float = 0.3

    public init() {}

    /// One piece of ink: its box and which other pieces it touches or crosses.
    public struct Piece: Sendable, Equatable {
        public var box: StrokeBox
        /// Indices (into the same piece list) of the pieces whose ink touches this one's.
        public var touching: Set<Int>
        /// Indices of the pieces whose pen path crosses this one's (the bar of a 4 or a crossed 7).
        public var crossing: Set<Int>
        /// The blob this piece was sliced from, shared by all its slices; nil for a whole stroke
        /// or blob. Slices of one blob count as one part of a digit (`manyPartsPenalty`).
        public var slicedFrom: Int?

        public init(box: StrokeBox, touching: Set<Int> = [], crossing: Set<Int> = [], slicedFrom: Int? = nil) {
            self.box = box
            self.touching = touching
            self.crossing = crossing
            self.slicedFrom = slicedFrom
        }
    }

    /// What being read with log confidence `logConfidence` adds to a digit's worth: the log
    /// confidence plus `oddsWeight` times the log-odds (capped at `oddsCap`). It grows with the
    /// confidence, so a run not yet read, counted as read with certainty (log confidence 0), is
    /// never worth less than it turns out to be.
    public func confidenceValue(_ logConfidence: Float) -> Float {
        let odds = logConfidence - Foundation.log(max(-expm1(logConfidence), .leastNormalMagnitude))
        return logConfidence + oddsWeight * min(odds, oddsCap)
    }

    /// The height digits are measured against: the median of the taller half of the pieces'
    /// `heights` (so bars and dots do not pull it down).
    public static func writingHeight(_ heights: [Float]) -> Float {
        let heights = heights.sorted()
        guard !heights.isEmpty else { return 0 }
        let tall = heights[(heights.count / 2)...]
        return tall[tall.startIndex + tall.count / 2]
    }

    /// Pieces' indices in reading order (by the centre of their boxes, then their left edge).
    public static func readingOrder(_ pieces: [Piece]) -> [Int] {
        pieces.indices.sorted {
            let (a, b) = (pieces[$0].box, pieces[$1].box)
            let (ca, cb) = (a.minX + a.maxX, b.minX + b.maxX)
            return ca != cb ? ca < cb : a.minX < b.minX
        }
    }

    /// The runs worth scoring, as ranges into `order`: every single piece, and every run of
    /// consecutive pieces that hang together horizontally and are not too wide for one digit.
    public func candidateRuns(_ pieces: [Piece], order: [Int]) -> [Range<Int>] {
        let height = max(Self.writingHeight(pieces.map(\.box.height)), .leastNormalMagnitude)
        var runs: [Range<Int>] = []
        for start in order.indices {
            runs.append(start..<(start + 1))
            var box = pieces[order[start]].box
            var end = start + 1
            while end < order.count, end - start < maxPiecesPerDigit {
                let next = pieces[order[end]].box
                guard next.minX - box.maxX <= maxGapRatio * height else { break }
                box = box.union(next)
                guard box.width <= maxWidthRatio * height else { break }
                end += 1
                runs.append(start..<end)
            }
        }
        return runs
    }

    /// The best partition of the pieces into digits, as runs of `order` left to right, asking
    /// `score` for the log confidence of a batch of candidate runs (only `runs` are allowed) as
    /// it goes.
    ///
    /// Asking about every run costs one recognition each, so runs are asked about lazily: a run
    /// not yet scored counts as read with certainty (log confidence 0, which no real score
    /// exceeds, and `confidenceValue` grows with it), the best partition is found, and the
    /// unscored runs it uses are scored in one batch; this repeats until the best partition uses
    /// scored runs only. As every unscored run was counted at its best, no partition can beat
    /// that one: the answer is the one scoring every run would give (ties aside), usually after
    /// scoring little more than the digits themselves.
    public func partition(
        _ pieces: [Piece], order: [Int], runs: [Range<Int>], score: ([Range<Int>]) -> [Float]
    ) -> [Range<Int>] {
        guard !order.isEmpty else { return [] }
        let height = Self.writingHeight(pieces.map(\.box.height))
        let unit = max(height, .leastNormalMagnitude)
        // What each run is worth before it is read: its height, the cost of a digit, penalties.
        var shape: [Range<Int>: Float] = [:]
        for run in runs {
            let box = order[run].dropFirst().reduce(pieces[order[run.lowerBound]].box) { $0.union(pieces[$1].box) }
            let sliver = box.height < minimumHeightRatio * height ? sliverPenalty : 0
            let wide = run.count > 1 ? widthPenalty * max(0, box.width / unit - typicalWidthRatio) : 0
            let many = parts(order[run].map { pieces[$0] }) >= manyParts ? manyPartsPenalty : 0
            let tall = heightWeight * box.height / unit
            shape[run] = tall - digitCost - sliver - wide - many
        }
        let separation = (0...order.count).map { separationPenalty(pieces, order: order, at: $0) }
        var confidence: [Range<Int>: Float] = [:]
        while true {
            let chosen = bestRuns(count: order.count, separation: separation) { run in
                shape[run].map { $0 + confidenceValue(confidence[run] ?? 0) }
            }
            let unscored = chosen.filter { confidence[$0] == nil }
            guard !unscored.isEmpty else { return chosen }
            let values = score(unscored)
            precondition(values.count == unscored.count, "score must answer one log confidence per run asked about")
            for (run, value) in zip(unscored, values) { confidence[run] = value }
        }
    }

    /// The runs (left to right) of the partition of `count` pieces with the best total: each
    /// run's `value` (nil: not allowed), minus the separation penalty before it.
    private func bestRuns(count: Int, separation: [Float], value: (Range<Int>) -> Float?) -> [Range<Int>] {
        // best[k]: the best score of the first k pieces; from[k]: where its last digit starts.
        var best = [Float](repeating: -.infinity, count: count + 1)
        var from = [Int](repeating: 0, count: count + 1)
        best[0] = 0
        for end in 1...count {
            for start in max(0, end - maxPiecesPerDigit)..<end {
                guard best[start] > -.infinity, let value = value(start..<end) else { continue }
                let total = best[start] + value - separation[start]
                if total > best[end] {
                    best[end] = total
                    from[end] = start
                }
            }
        }
        var runs: [Range<Int>] = []
        var end = count
        while end > 0 {
            runs.append(from[end]..<end)
            end = from[end]
        }
        return runs.reversed()
    }

    /// What separating the pieces before `cut` in `order` from those after it costs.
    func separationPenalty(_ pieces: [Piece], order: [Int], at cut: Int) -> Float {
        guard cut > 0 else { return 0 }
        var penalty: Float = 0
        for left in order[max(0, cut - maxPiecesPerDigit)..<cut] {
            for right in order[cut..<min(order.count, cut + maxPiecesPerDigit)] {
                let (a, b) = (pieces[left].box, pieces[right].box)
                let horizontal = min(a.maxX, b.maxX) - max(a.minX, b.minX)
                let vertical = min(a.maxY, b.maxY) - max(a.minY, b.minY)
                let stacked = horizontal >= stackedOverlap * min(a.width, b.width) && vertical <= stackedVerticalOverlap * min(a.height, b.height)
                if stacked || nested(a, b, overlap: max(0, horizontal) * max(0, vertical)) {
                    penalty += stackedPenalty
                } else if pieces[left].crossing.contains(right) {
                    penalty += crossingPenalty
                } else if pieces[left].touching.contains(right) {
                    penalty += touchingPenalty
                }
            }
        }
        return penalty
    }

    /// How many separate parts `pieces` are: each whole piece is one, and all slices of one blob
    /// together are one.
    private func parts(_ pieces: [Piece]) -> Int {
        pieces.count(where: { $0.slicedFrom == nil }) + Set(pieces.compactMap(\.slicedFrom)).count
    }

    /// Whether the smaller of two boxes, overlapping by `overlap`, lies within the larger.
    private func nested(_ a: StrokeBox, _ b: StrokeBox, overlap: Float) -> Bool {
        let (areaA, areaB) = (a.width * a.height, b.width * b.height)
        let (small, large) = (min(areaA, areaB), max(areaA, areaB))
        return large >= nestedAreaRatio * small && overlap >= nestedOverlap * small
    }
}
