import CBLAS

/// The one matrix-product entry point of the layer toolkit (row-major `C = alpha·op(A)·op(B) + beta·C`).
///
/// Every dense layer and convolution goes through here, so the BLAS back end and the portable
/// Swift back end can be compared and swapped in one place. Tests force the Swift back end with
/// `GEMM.$backend.withValue(.swift) { ... }`.
public enum GEMM {
    /// Which implementation multiplies matrices.
    public enum Backend: Sendable {
        /// OpenBLAS `cblas_sgemm`: fast, used everywhere by default.
        case blas
        /// A straightforward Swift loop: slow, kept as a reference to test BLAS against.
        case swift
    }

    /// The back end used by the current task; BLAS unless a test overrides it.
    @TaskLocal public static var backend: Backend = .blas

    /// Multiplies `op(A)` (`m x k`) by `op(B)` (`k x n`) into `C` (`m x n`), all row-major.
    /// `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored.
    public static func multiply(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        switch backend {
        case .blas:
            cblas_sgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        case .swift:
            for i in 0..<m {
                for j in 0..<n {
                    var sum: Float = 0
                    for p in 0..<k {
                        let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                        let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                        sum += av * bv
                    }
                    c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
                }
            }
        }
    }

    /// Limits OpenBLAS to `count` threads. One thread is fastest for the small products of
    /// single-digit inference, and it leaves the other cores to concurrent requests.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }
}
