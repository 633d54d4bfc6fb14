import DigitReaderCore
import Testing

/// `StrokeGeometry`: when two pen strokes touch or cross.
@Suite struct StrokeGeometryTests {
    /// Two straight strokes of two points each, crossing in the middle far from every point
    /// (an API client's "+" or a 4 drawn with long straight lines).
    static let across: [SIMD2<Float>] = [SIMD2(0, 50), SIMD2(100, 50)]
    static let down: [SIMD2<Float>] = [SIMD2(50, 0), SIMD2(50, 100)]

    @Test func strokesCrossingFarFromTheirPointsTouch() {
        #expect(StrokeGeometry.cross(Self.across, Self.down))
        #expect(StrokeGeometry.touch(Self.across, Self.down, within: 5))
    }

    @Test func strokesWithinTheDistanceTouch() {
        let beside: [SIMD2<Float>] = [SIMD2(0, 54), SIMD2(100, 54)]
        #expect(StrokeGeometry.touch(Self.across, beside, within: 5))
        #expect(!StrokeGeometry.cross(Self.across, beside))
    }

    @Test func strokesFartherApartDoNotTouch() {
        let below: [SIMD2<Float>] = [SIMD2(0, 56), SIMD2(100, 56)]
        let right: [SIMD2<Float>] = [SIMD2(106, 0), SIMD2(106, 100)]
        #expect(!StrokeGeometry.touch(Self.across, below, within: 5))
        #expect(!StrokeGeometry.touch(Self.across, right, within: 5))
    }
}
