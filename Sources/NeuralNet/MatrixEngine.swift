/// Dense single-precision matrix products for training, behind a seam so that this module stays
/// pure Swift: the command line plugs in OpenBLAS, tests can use the portable kernel.
///
/// `gemm` computes `C = alpha · op(A) · op(B) + beta · C` on row-major matrices, `op(X)` being `X`
/// or `Xᵀ`; `C` is `m × n`, the inner dimension `k`.
public protocol MatrixEngine: Sendable {
    var name: String { get }
    func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
}

/// A straightforward SIMD implementation: correct everywhere, not tuned.
public struct PortableMatrixEngine: MatrixEngine {
    public init() {}
    public var name: String { "portable Swift" }

    public func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        // Scale C first, then accumulate rank-1 rows: C[i, :] += alpha · A(i, p) · B(p, :).
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 { row.update(repeating: 0, count: n) } else if beta != 1 { for j in 0..<n { row[j] *= beta } }
        }
        if !transB {
            for i in 0..<m {
                let row = c + i * ldc
                for p in 0..<k {
                    let s = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
                    if s == 0 { continue }
                    let brow = b + p * ldb
                    var j = 0
                    while j + 8 <= n {
                        let bv = UnsafeRawPointer(brow + j).loadUnaligned(as: SIMD8<Float>.self)
                        let cv = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(row + j).storeBytes(of: cv + s * bv, as: SIMD8<Float>.self)
                        j += 8
                    }
                    while j < n {
                        row[j] += s * brow[j]
                        j += 1
                    }
                }
            }
        } else {
            // B transposed: C[i, j] = Σ_p A(i, p) · B[j, p] — dot products of contiguous rows.
            for i in 0..<m {
                let row = c + i * ldc
                for j in 0..<n {
                    let brow = b + j * ldb
                    var acc = SIMD8<Float>(repeating: 0)
                    var p = 0
                    if !transA {
                        let arow = a + i * lda
                        while p + 8 <= k {
                            acc +=
                                UnsafeRawPointer(arow + p).loadUnaligned(as: SIMD8<Float>.self)
                                * UnsafeRawPointer(brow + p).loadUnaligned(as: SIMD8<Float>.self)
                            p += 8
                        }
                        var s = acc.sum()
                        while p < k {
                            s += arow[p] * brow[p]
                            p += 1
                        }
                        row[j] += alpha * s
                    } else {
                        var s: Float = 0
                        while p < k {
                            s += a[p * lda + i] * brow[p]
                            p += 1
                        }
                        row[j] += alpha * s
                    }
                }
            }
        }
    }
}
