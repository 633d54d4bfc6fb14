import DigitReaderCore
import DigitReaderTraining
import Testing

@Suite("Calibration bins")
struct CalibrationBinsTests {
    @Test("answers land in six equal bins with their mean confidence and accuracy")
    func bins() {
        var bins = CalibrationBins()
        bins.record(confidence: 0.95, isCorrect: true)
        bins.record(confidence: 0.85, isCorrect: false)
        bins.record(confidence: 0.2, isCorrect: true)
        bins.record(confidence: 1, isCorrect: true)
        let figures = bins.bins
        #expect(figures.count == 6)
        #expect(figures.map(\.count) == [0, 1, 0, 0, 0, 3])
        #expect(abs(figures[5].meanConfidence - 0.9333) < 1e-3)
        #expect(abs(figures[5].accuracy - 2.0 / 3) < 1e-9)
        #expect(figures[1].range == (1.0 / 6)...(2.0 / 6))
    }

    @Test("the expected calibration error weighs each bin's gap by its size")
    func expectedCalibrationError() {
        var bins = CalibrationBins()
        for index in 0..<100 { bins.record(confidence: 0.9, isCorrect: index < 90) }
        #expect(abs(bins.expectedCalibrationError) < 1e-6)
        for index in 0..<100 { bins.record(confidence: 0.6, isCorrect: index < 40) }
        // Half the digits are 0.2 over-confident: ECE 0.1.
        #expect(abs(bins.expectedCalibrationError - 0.1) < 1e-6)
        #expect(abs(bins.worstOverconfidence(minimumCount: 50) - 0.2) < 1e-6)
        #expect(bins.worstOverconfidence(minimumCount: 101) == 0)
    }

    @Test("merging adds the tallies")
    func merge() {
        var first = CalibrationBins(), second = CalibrationBins()
        first.record(confidence: 0.5, isCorrect: true)
        second.record(confidence: 0.55, isCorrect: false)
        first.merge(second)
        #expect(first.bins[3].count == 2 && first.bins[3].accuracy == 0.5)
    }
}
