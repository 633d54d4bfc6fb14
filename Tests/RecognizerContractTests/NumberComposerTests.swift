import DigitReaderCore
import DigitReaderTraining
import Testing

/// `NumberComposer` places neighbours as it says: touching ones touch, overlapping ones keep
/// their inks apart, wherever the sloping, jittering baseline puts them.
@Suite("Number composer")
struct NumberComposerTests {
    /// Whether the ink of digit `index` of `number` comes within a brush width of digit
    /// `index - 1`'s, and whether their centre lines come within half of one (strokes crossing
    /// rather than touching).
    static func contact(_ number: ComposedNumber, at index: Int, brush: Float) -> (touch: Bool, deep: Bool) {
        let strokes = { (digit: Int) in number.strokes.indices.filter { number.strokeDigits[$0] == digit }.map { number.strokes[$0] } }
        let (left, right) = (strokes(index - 1), strokes(index))
        let within = { (distance: Float) in left.contains { a in right.contains { StrokeGeometry.touch(a, $0, within: distance) } } }
        return (within(brush), within(brush / 2))
    }

    static func numbers(touching: Float, overlapping: Float) throws -> [ComposedNumber] {
        var composer = NumberComposer()
        composer.touchingShare = touching
        composer.overlappingShare = overlapping
        var generator = SeededGenerator(seed: 3)
        return try (0..<40).map { _ in composer.compose(length: 4, from: try NumberReaderTests.penDigits.get(), generator: &generator) }
    }

    @Test func touchingNeighboursTouchWithoutCrossing() throws {
        let brush = NumberComposer().padHeight / 14
        for number in try Self.numbers(touching: 1, overlapping: 0) {
            for index in 1..<number.digits.count {
                let contact = Self.contact(number, at: index, brush: brush)
                #expect(contact.touch && !contact.deep, "\(number.text), digits \(index - 1) and \(index)")
            }
        }
    }

    @Test func overlappingNeighboursKeepTheirInksApart() throws {
        let brush = NumberComposer().padHeight / 14
        for number in try Self.numbers(touching: 0, overlapping: 1) {
            for index in 1..<number.digits.count {
                #expect(!Self.contact(number, at: index, brush: brush).touch, "\(number.text), digits \(index - 1) and \(index)")
            }
        }
    }
}
