import DigitReaderCore
import DigitReaderTraining
import Foundation

/// The benchmark's pictures of one model's mistakes on the validation writers: the confusion
/// matrix and a sheet of the misread digits as the model saw them.
struct MistakePlots {
    /// Confusion matrix: rows are the true digit, columns the digit read; each cell shaded by its
    /// share of the row (log scale, so rare mistakes show) and labelled with its count; the
    /// diagonal in green, mistakes in red.
    static func confusion(_ matrix: [[Int]]) throws -> [UInt8] {
        let cell = 44, margin = 30, scale = 3
        let side = margin + cell * DigitClass.count
        var canvas = PlotCanvas(width: side, height: side)
        for index in 0..<DigitClass.count {
            let label = String(index)
            canvas.text(label, x: margin + index * cell + (cell - PlotCanvas.textWidth(1, scale: scale)) / 2, y: 8, scale: scale, .black)
            canvas.text(label, x: 10, y: margin + index * cell + (cell - 5 * scale) / 2, scale: scale, .black)
        }
        for (row, counts) in matrix.enumerated() {
            let total = max(counts.reduce(0, +), 1)
            for (column, count) in counts.enumerated() {
                let share = count == 0 ? 0 : log(1 + 99 * Double(count) / Double(total)) / log(100)
                let (x, y) = (margin + column * cell, margin + row * cell)
                canvas.fill(x: x, y: y, width: cell - 1, height: cell - 1, .shade(share))
                guard count > 0 else { continue }
                let text = String(count)
                let textScale = text.count > 3 ? 2 : scale
                let colour: PlotCanvas.Colour = row == column ? .green : .red
                canvas.fill(x: x + 2, y: y + 2, width: cell - 5, height: 5 * textScale + 4, .white)
                canvas.text(text, x: x + (cell - PlotCanvas.textWidth(text.count, scale: textScale)) / 2, y: y + 4, scale: textScale, colour)
            }
        }
        return try canvas.png()
    }

    /// Misread digits, up to `limit`: each tile is the 28x28 input, the true digit (black) and
    /// the digit read (red) under it.
    static func misread(_ mistakes: [RealDigitsScore.Mistake], inputs: [NormalizedDigit], limit: Int = 400) throws -> [UInt8] {
        let shown = Array(mistakes.prefix(limit))
        let columns = 20, scale = 2, textScale = 2
        let tileWidth = DigitImage.side * scale + 8, tileHeight = DigitImage.side * scale + 5 * textScale + 12
        let rows = max((shown.count + columns - 1) / columns, 1)
        var canvas = PlotCanvas(width: columns * tileWidth, height: rows * tileHeight)
        for (position, mistake) in shown.enumerated() {
            let x = (position % columns) * tileWidth + 4, y = (position / columns) * tileHeight + 4
            canvas.digit(inputs[mistake.index].digit, x: x, y: y, scale: scale)
            let textY = y + DigitImage.side * scale + 4
            canvas.text(String(mistake.label), x: x + 8, y: textY, scale: textScale, .black)
            canvas.text(String(mistake.predicted), x: x + DigitImage.side * scale - 14, y: textY, scale: textScale, .red)
        }
        return try canvas.png()
    }

    /// A number read wrongly: the picture as drawn, each true digit's box in grey, each digit
    /// read in green where it matches a true digit's box and reading, in red otherwise; the true
    /// number (black) and the reading (red) above it.
    static func number(_ number: ComposedNumber, reading: NumberReading) throws -> [UInt8] {
        let (picture, truth, boxes) = (number.canvas(), number.digits, NumberReadingScore.inkBoxes(of: number))
        let scale = 4, top = 5 * scale + 16
        var canvas = PlotCanvas(width: picture.width, height: picture.height + top)
        canvas.picture(picture, x: 0, y: top)
        for box in boxes {
            canvas.outline(x: Int(box.minX), y: Int(box.minY) + top, width: Int(box.width), height: Int(box.height), thickness: 2, .grey)
        }
        let read = reading.digits.map { Probabilities.argmax($0.probabilities) }
        for (digit, box) in zip(read, reading.digits.map(\.box)) {
            let matches = zip(truth, boxes).contains { $0 == digit && NumberReadingScore.overlap(box, $1) >= 0.5 }
            canvas.outline(
                x: Int(box.minX), y: Int(box.minY) + top, width: Int(box.width), height: Int(box.height), thickness: 3,
                matches ? .green : .red)
        }
        canvas.text(truth.map(String.init).joined(), x: 8, y: 8, scale: scale, .black)
        let text = read.map(String.init).joined()
        canvas.text(text, x: picture.width - PlotCanvas.textWidth(text.count, scale: scale) - 8, y: 8, scale: scale, .red)
        return try canvas.png()
    }
}
