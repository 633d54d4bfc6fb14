import DigitReaderCore
import DigitReaderTraining
import Testing

@Suite("GEMM")
struct GEMMTests {
    @Test("BLAS and the Swift fallback agree", arguments: [(false, false), (true, false), (false, true), (true, true)])
    func backendsAgree(transposeA: Bool, transposeB: Bool) {
        let (m, n, k) = (7, 5, 11)
        let a = TestData.randomValues(m * k, seed: 1)
        let b = TestData.randomValues(k * n, seed: 2)
        let initial = TestData.randomValues(m * n, seed: 3)
        func run(_ backend: GEMM.Backend) -> [Float] {
            var c = initial
            GEMM.$backend.withValue(backend) {
                GEMM.multiply(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5,
                    a: a, lda: transposeA ? m : k, b: b, ldb: transposeB ? k : n, beta: 2, c: &c, ldc: n)
            }
            return c
        }
        let blas = run(.blas)
        let swift = run(.swift)
        for (x, y) in zip(blas, swift) { #expect(abs(x - y) < 1e-4) }
        #expect(blas != initial)
    }

    @Test("the Swift fallback computes a known product")
    func knownProduct() {
        var c = [Float](repeating: 0, count: 4)
        GEMM.$backend.withValue(.swift) {
            GEMM.multiply(m: 2, n: 2, k: 2, a: [1, 2, 3, 4], lda: 2, b: [5, 6, 7, 8], ldb: 2, c: &c, ldc: 2)
        }
        #expect(c == [19, 22, 43, 50])
    }
}
