import DigitReaderCore
import DigitReaderTraining
import Foundation
import Testing

@Suite("Stroke rendering and development data sets")
struct ImagingStrokeRendererTests {
    @Test("a horizontal stroke is brush-wide, anti-aliased, black on transparent")
    func horizontalStroke() {
        let image = StrokeRenderer(canvasSide: 100, brushWidth: 10).renderPlaced([[SIMD2(20, 50), SIMD2(80, 50)]])
        #expect(image[50, 50] == (0, 0, 0, 255))
        #expect(image[50, 10].alpha == 0)
        // Rows 45...54 are fully inside (|y + 0.5 - 50| <= 4.5), rows 44 and 55 not reached.
        let column = (0..<100).map { image[50, $0].alpha }
        #expect(column.filter { $0 == 255 }.count == 10)
        #expect(column.filter { $0 > 0 }.count == 10)
        // A round cap: 5 px beyond the end still gets ink at the centre line, 7 px does not.
        #expect(image[84, 50].alpha > 0 && image[87, 50].alpha == 0)
    }

    @Test("a wide pad is drawn at its own size, the same ink as on a square canvas")
    func widePad() {
        let stroke = [[SIMD2<Float>(20, 50), SIMD2(80, 50)]]
        let renderer = StrokeRenderer(canvasSide: 100, brushWidth: 10)
        let pad = renderer.renderPlaced(stroke.map { $0.map { $0 + SIMD2(200, 0) } }, width: 400, height: 100)
        let square = renderer.renderPlaced(stroke)
        #expect(pad.width == 400 && pad.height == 100)
        #expect((0..<100).allSatisfy { y in (0..<100).allSatisfy { x in pad[x + 200, y] == square[x, y] } })
        #expect((0..<100).allSatisfy { y in (0..<200).allSatisfy { x in pad[x, y].alpha == 0 } })
    }

    @Test("a diagonal stroke has grey anti-aliased edges")
    func antiAliasing() {
        let image = StrokeRenderer(canvasSide: 60, brushWidth: 7).renderPlaced([[SIMD2(5, 7), SIMD2(55, 41)]])
        let alphas = Set((0..<(60 * 60)).map { image.pixels[4 * $0 + 3] })
        #expect(alphas.contains { $0 > 20 && $0 < 235 })
    }

    @Test("the digit spans the requested fraction of the canvas, placed as asked")
    func spanAndPlacement() {
        let renderer = StrokeRenderer(canvasSide: 200, brushWidth: 2, span: 0.5, centre: SIMD2(0.3, 0.7))
        let image = renderer.render(Strokes.one)
        let rows = (0..<200).filter { y in image[60, y].alpha > 128 }
        #expect(abs(rows.count - 100) <= 3)
        #expect(abs(Float(rows.min()! + rows.max()!) / 2 - 140) <= 2)
        #expect(image[60, 140].alpha == 255)
    }

    @Test("the four standard variants are as documented")
    func variants() {
        #expect(RenderingVariant.standard.map(\.name) == ["thin-small", "medium", "thick-large", "off-centre"])
        #expect(RenderingVariant.thinSmall.brushWidth == 6 && RenderingVariant.thinSmall.span == 0.35)
        #expect(RenderingVariant.thickLarge.brushWidth == 30 && RenderingVariant.thickLarge.span == 0.9)
        #expect(RenderingVariant.offCentre.centre != SIMD2(0.5, 0.5))
        #expect(RenderingVariant.medium.renderer().canvasSide == 280)
    }

    @Test("pen digits and optical digits load from JSON Lines")
    func loading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("imaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pen = folder.appendingPathComponent("pen.jsonl")
        try Data("""
            {"label": 7, "writer": 3, "strokes": [[[0, 0], [60, 0], [25, 100]]]}

            {"label": 1, "writer": 4, "strokes": [[[10, 5], [10, 90]], [[5, 90]]]}
            """.utf8).write(to: pen)
        let digits = try PenDigitsDataset(contentsOf: pen).digits
        #expect(digits.count == 2)
        #expect(digits[0] == PenDigit(label: 7, writer: 3, strokes: [[SIMD2(0, 0), SIMD2(60, 0), SIMD2(25, 100)]]))
        #expect(digits[1].strokes.count == 2)
        #expect(!DigitNormalizer().normalize(digits[0].render(.medium)).isEmpty)

        let opt = folder.appendingPathComponent("opt.jsonl")
        let rows = (0..<32).map { row in String(repeating: row >= 4 && row < 28 ? "00001111" : "00000000", count: 4) }
        let line = String(decoding: try JSONEncoder().encode(["rows": rows]), as: UTF8.self)
            .replacingOccurrences(of: "{", with: "{\"label\": 4, \"part\": \"cv\", ")
        try Data(line.utf8).write(to: opt)
        let optDigits = try OptDigitsDataset(contentsOf: opt).digits
        #expect(optDigits.count == 1 && optDigits[0].label == 4 && optDigits[0].part == .cv)
        let image = optDigits[0].image
        #expect(image.width == 32 && image[4, 4] == (0, 0, 0, 255) && image[0, 4] == (255, 255, 255, 255))
    }

    @Test("malformed lines and missing files are typed errors")
    func loadingErrors() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/pen.jsonl")
        #expect {
            try PenDigitsDataset(contentsOf: missing)
        } throws: { error in
            guard case .unreadable(let path, _) = error as? DatasetLoadingError else { return false }
            return path == missing.path
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).jsonl")
        try Data("{\"label\": 1, \"writer\": 1, \"strokes\": []}\n{\"label\": 1}\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            try PenDigitsDataset(contentsOf: file)
        } throws: { error in
            guard case .malformedLine(_, let line, _) = error as? DatasetLoadingError else { return false }
            return line == 2
        }
    }

    @Test("the shared development sets load in full and normalise without empties")
    func sharedDatasetsLoad() throws {
        let pen = try PenDigitsDataset(contentsOf: TestData.penDigitsFile).digits
        let opt = try OptDigitsDataset(contentsOf: TestData.optDigitsFile).digits
        #expect(pen.count == 7494)
        #expect(opt.count == 3823)
        let normalizer = DigitNormalizer()
        for digit in pen.prefix(25) {
            for variant in RenderingVariant.standard {
                #expect(!normalizer.normalize(digit.render(variant)).isEmpty, "pen digit \(digit.label) in \(variant)")
            }
        }
        for digit in opt.prefix(100) {
            #expect(!normalizer.normalize(digit.image).isEmpty, "optical digit \(digit.label)")
        }
    }
}
