import DigitReaderCore
import Testing

/// The segmentation rule on hand-made pieces and scores: which runs are proposed, and which
/// partition wins.
@Suite struct DigitGroupingTests {
    typealias Piece = DigitGrouping.Piece

    static func piece(_ minX: Float, _ maxX: Float, top: Float = 0, bottom: Float = 100, touching: Set<Int> = []) -> Piece {
        Piece(box: StrokeBox(minX: minX, minY: top, maxX: maxX, maxY: bottom), touching: touching)
    }

    /// `DigitGrouping.partition` with every run's log confidence known beforehand, each digit
    /// as the indices of its pieces.
    static func partition(_ pieces: [Piece], order: [Int], runs: [Range<Int>], scores: [Float]) -> [[Int]] {
        let known = Dictionary(uniqueKeysWithValues: zip(runs, scores))
        return DigitGrouping().partition(pieces, order: order, runs: runs) { batch in
            batch.map { known[$0] ?? -.infinity }
        }.map { Array(order[$0]) }
    }

    @Test func readingOrderIsLeftToRightByCentre() {
        let pieces = [Self.piece(300, 360), Self.piece(0, 60), Self.piece(150, 210)]
        #expect(DigitGrouping.readingOrder(pieces) == [1, 2, 0])
    }

    @Test func writingHeightIgnoresBarsAndDots() {
        let pieces = [
            Self.piece(0, 50), Self.piece(0, 50, top: 0, bottom: 5), Self.piece(100, 150), Self.piece(160, 190),
            Self.piece(200, 250, top: 0, bottom: 120),
        ]
        #expect(DigitGrouping.writingHeight(pieces.map(\.box.height)) == 100)
    }

    @Test func farApartPiecesAreOnlyProposedAlone() {
        let pieces = [Self.piece(0, 60), Self.piece(200, 260), Self.piece(400, 460)]
        let grouping = DigitGrouping()
        let runs = grouping.candidateRuns(pieces, order: DigitGrouping.readingOrder(pieces))
        #expect(runs == [0..<1, 1..<2, 2..<3])
    }

    @Test func overlappingPiecesAreProposedTogetherWithinTheLimits() {
        let pieces = [Self.piece(0, 80), Self.piece(40, 90), Self.piece(85, 170), Self.piece(300, 360)]
        let runs = DigitGrouping().candidateRuns(pieces, order: [0, 1, 2, 3])
        #expect(runs.contains(0..<2))
        #expect(runs.contains(1..<3))
        // 0-170 is wider than 1.5 x the writing's height; 170-300 is too wide a gap.
        #expect(!runs.contains(0..<3))
        #expect(!runs.contains(2..<4))
    }

    @Test func aRunThatReadsBetterStaysWhole() {
        // A two-stroke 4: each stroke alone reads poorly, together well.
        let pieces = [Self.piece(0, 80, touching: [1]), Self.piece(50, 70, touching: [0])]
        let runs = [0..<1, 0..<2, 1..<2]
        let groups = Self.partition(pieces, order: [0, 1], runs: runs, scores: [Probabilities.log(0.6), Probabilities.log(0.99), Probabilities.log(0.9)])
        #expect(groups == [[0, 1]])
    }

    @Test func neighboursThatEachReadWellAreSplitEvenWhenMergedReadsWell() {
        // Two digits whose boxes overlap: merged they still read "8" at 0.98, but each alone is surer.
        let pieces = [Self.piece(0, 90), Self.piece(80, 170)]
        let groups = Self.partition(pieces, order: [0, 1], runs: [0..<1, 0..<2, 1..<2], scores: [Probabilities.log(0.99), Probabilities.log(0.98), Probabilities.log(0.99)])
        #expect(groups == [[0], [1]])
    }

    @Test func aSliverIsNotADigitOfItsOwn() {
        // The bar of a 5 reads confidently as a 1 alone, but it is a sliver of the writing's height.
        let pieces = [Self.piece(0, 80), Self.piece(10, 80, top: 0, bottom: 8)]
        let groups = Self.partition(pieces, order: [0, 1], runs: [0..<1, 0..<2, 1..<2], scores: [Probabilities.log(0.7), Probabilities.log(0.95), Probabilities.log(0.99)])
        #expect(groups == [[0, 1]])
    }

    @Test func whatACutLeavesOverStaysWithItsDigit() {
        // A 5 sliced at its bar: the end of the bar, a third of the writing's height, reads as a
        // 7 at 0.996, the rest as a 5 at 0.999; whole, the 5 reads at 0.995. Both read almost
        // surely, but a digit is as tall as the writing.
        let pieces = [Self.piece(0, 60, touching: [1]), Self.piece(60, 91, top: 0, bottom: 37, touching: [0])]
        let scores = [0.9986, 0.9953, 0.9961].map { Probabilities.log(Float($0)) }
        #expect(Self.partition(pieces, order: [0, 1], runs: [0..<1, 0..<2, 1..<2], scores: scores) == [[0, 1]])
    }

    @Test func aWideDigitReadSurelyStaysWhole() {
        // A 0 a quarter wider than the writing is tall, cut where the cut crosses two strokes:
        // its left arc reads as a 1 at 0.986, the rest as a 0 at 0.997, the whole as a 0 at 0.999.
        var pieces = [Self.piece(0, 31, top: 20, bottom: 84), Self.piece(31, 126)]
        pieces[0].crossing = [1]
        pieces[1].crossing = [0]
        let scores = [0.9864, 0.9989, 0.9969].map { Probabilities.log(Float($0)) }
        #expect(Self.partition(pieces, order: [0, 1], runs: [0..<1, 0..<2, 1..<2], scores: scores) == [[0, 1]])
    }

    @Test func confidenceIsWorthMoreTheSurerTheReadingUpToTheCap() {
        // Lazy scoring counts a run not yet read as certain: that is only an upper bound if the
        // worth never falls as the confidence rises.
        let grouping = DigitGrouping()
        let confidences: [Float] = [0.001, 0.1, 0.5, 0.9, 0.97, 0.99, 0.999, 0.9999, 1]
        let worth = confidences.map { grouping.confidenceValue(Probabilities.log($0)) }
        #expect(zip(worth, worth.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(worth[5] - worth[4] > 0.05, "0.99 is worth clearly more than 0.97")
        #expect(worth[8] - worth[7] < 0.001, "beyond the cap more certainty earns (almost) nothing")
    }

    @Test func mergedPiecesWiderThanADigitArePenalised() {
        let pieces = [Self.piece(0, 100), Self.piece(90, 200)]
        let groups = Self.partition(pieces, order: [0, 1], runs: [0..<1, 0..<2, 1..<2], scores: [Probabilities.log(0.8), Probabilities.log(0.99), Probabilities.log(0.8)])
        #expect(groups == [[0], [1]])
    }

    @Test func piecesStackedOverOneAnotherStayTogether() {
        // The two loops of an 8 drawn as two strokes, then a 1: each loop reads as a confident 0 alone.
        let pieces = [Self.piece(0, 80, top: 0, bottom: 50), Self.piece(5, 85, top: 48, bottom: 100), Self.piece(200, 215)]
        let runs = [0..<1, 0..<2, 1..<2, 2..<3]
        let scores = [Probabilities.log(0.999), Probabilities.log(0.9), Probabilities.log(0.999), Probabilities.log(0.999)]
        #expect(Self.partition(pieces, order: [0, 1, 2], runs: runs, scores: scores) == [[0, 1], [2]])
        // Side by side with the same overlap in x and full height, they are two digits.
        let sideBySide = [Self.piece(0, 80), Self.piece(5, 85), Self.piece(200, 215)]
        #expect(Self.partition(sideBySide, order: [0, 1, 2], runs: runs, scores: scores) == [[0], [1], [2]])
    }

    @Test func aPieceInsideALargerOneStaysWithIt() {
        // A 0 drawn as an outer stroke and an inner one that touches it, then a 1: the inner
        // stroke alone reads as a confident 1, and the 0 is read a little better without it.
        let outer = Self.piece(0, 100, touching: [1])
        let inner = Self.piece(30, 70, top: 30, bottom: 80, touching: [0])
        let runs = [0..<1, 0..<2, 1..<2, 2..<3]
        let scores = [Probabilities.log(0.99), Probabilities.log(0.95), Probabilities.log(0.99), Probabilities.log(0.99)]
        #expect(Self.partition([outer, inner, Self.piece(200, 215)], order: [0, 1, 2], runs: runs, scores: scores) == [[0, 1], [2]])
        // Reaching only halfway into the larger box, it is a neighbour and reads alone.
        let neighbour = Self.piece(70, 110, top: 30, bottom: 80, touching: [0])
        #expect(Self.partition([outer, neighbour, Self.piece(200, 215)], order: [0, 1, 2], runs: runs, scores: scores) == [[0], [1], [2]])
    }

    @Test func threeStrokesReadAsOneDigitAreRatherTwo() {
        // A 4 of two crossing strokes and the 1 that touches it: all three read as a 4 even
        // more surely than the 4 alone, but people hardly ever write a digit in three strokes.
        var pieces = [Self.piece(0, 60), Self.piece(40, 70, touching: [2]), Self.piece(75, 90, touching: [1])]
        pieces[0].crossing = [1]
        pieces[1].crossing = [0]
        let runs = [0..<1, 0..<2, 0..<3, 1..<2, 1..<3, 2..<3]
        let scores = [0.5, 0.9, 0.99, 0.6, 0.5, 0.99].map { Probabilities.log(Float($0)) }
        #expect(Self.partition(pieces, order: [0, 1, 2], runs: runs, scores: scores) == [[0, 1], [2]])
    }

    @Test func slicesOfOneBlobAreOnePart() {
        // A wide blob cut into three slices that read best together stays one digit; three
        // separate strokes reading the same would be split.
        let slices = (0..<3).map { index in
            var piece = Self.piece(Float(index * 30), Float(index * 30 + 30), touching: Set([index - 1, index + 1]).intersection(0..<3))
            piece.slicedFrom = 0
            return piece
        }
        let runs = [0..<1, 0..<2, 0..<3, 1..<2, 1..<3, 2..<3]
        let scores = [0.9, 0.5, 0.95, 0.9, 0.5, 0.9].map { Probabilities.log(Float($0)) }
        #expect(Self.partition(slices, order: [0, 1, 2], runs: runs, scores: scores) == [[0, 1, 2]])
        let strokes = slices.map { piece in Piece(box: piece.box, touching: piece.touching) }
        #expect(Self.partition(strokes, order: [0, 1, 2], runs: runs, scores: scores) == [[0], [1], [2]])
    }

    @Test func noPiecesNoDigits() {
        #expect(Self.partition([], order: [], runs: [], scores: []).isEmpty)
    }

    @Test func askingLazilyFindsThePartitionThatScoringEveryRunFinds() {
        // Pieces full height, side by side and narrow, and no penalty for many parts, so no
        // geometric penalty applies and every digit has the same height reward: the best
        // partition is the one with the highest total worth of its digits, found here by trying
        // every partition.
        var grouping = DigitGrouping()
        grouping.manyPartsPenalty = 0
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let count = Int.random(in: 1...7, using: &generator)
            let pieces = (0..<count).map { Self.piece(Float($0 * 20), Float($0 * 20 + 15)) }
            let order = Array(0..<count)
            let runs = grouping.candidateRuns(pieces, order: order)
            let scores = runs.map { _ in Float.random(in: -3...0, using: &generator) }
            let known = Dictionary(uniqueKeysWithValues: zip(runs, scores))
            var asked: [Range<Int>] = []
            let lazy = grouping.partition(pieces, order: order, runs: runs) { batch in
                asked += batch
                return batch.map { known[$0] ?? -.infinity }
            }
            #expect(lazy == Self.bestByTryingEveryPartition(count: count, known: known) { score in
                grouping.confidenceValue(score) + grouping.heightWeight - grouping.digitCost
            })
            #expect(Set(asked).isSubset(of: Set(runs)))
            #expect(asked.count == Set(asked).count, "no run is asked about twice")
        }
    }

    @Test func runsThatCannotWinAreNotAskedAbout() {
        // Three digits, each read with certainty alone; merged, the first two would be too wide.
        let pieces = [Self.piece(0, 60), Self.piece(65, 125), Self.piece(400, 460)]
        var asked: [Range<Int>] = []
        let groups = DigitGrouping().partition(pieces, order: [0, 1, 2], runs: [0..<1, 0..<2, 1..<2, 2..<3]) { batch in
            asked += batch
            return batch.map { _ in 0 }
        }
        #expect(groups == [0..<1, 1..<2, 2..<3])
        #expect(Set(asked) == [0..<1, 1..<2, 2..<3])
    }

    /// The best partition of `count` pieces into allowed runs (the keys of `known`, each run
    /// worth `worth` of its score), by brute force.
    static func bestByTryingEveryPartition(count: Int, known: [Range<Int>: Float], worth: (Float) -> Float) -> [Range<Int>] {
        var best: (total: Float, runs: [Range<Int>]) = (-.infinity, [])
        func extend(from start: Int, total: Float, runs: [Range<Int>]) {
            guard start < count else {
                if total > best.total { best = (total, runs) }
                return
            }
            for end in (start + 1)...count {
                guard let score = known[start..<end] else { continue }
                extend(from: end, total: total + worth(score), runs: runs + [start..<end])
            }
        }
        extend(from: 0, total: 0, runs: [])
        return best.runs
    }
}
