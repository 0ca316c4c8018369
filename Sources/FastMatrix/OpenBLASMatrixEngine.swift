import COpenBLAS
import NeuralNet

/// Matrix products through Debian's OpenBLAS, which picks kernels for the CPU at run time
/// (AVX-512, AVX2, …) and so is safe on any x86-64 machine.
public struct OpenBLASMatrixEngine: MatrixEngine {
    public init() {}

    public var name: String {
        guard let config = openblas_get_config() else { return "OpenBLAS" }
        return "OpenBLAS (\(String(cString: config)))"
    }

    /// Threads OpenBLAS may use for one product (1 for a like-for-like comparison with a
    /// single-threaded peer).
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// Ends OpenBLAS's worker threads until the next threaded product starts them again. They
    /// start with the library and spin (`sched_yield`) for about 0.1 s waiting for work, which
    /// takes a core from a command that does no matrix products through OpenBLAS.
    public static func stopIdleThreads() {
        _ = blas_thread_shutdown_()
    }

    public func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
