import Dispatch
import NeuralNet

/// The dense part of one layer product: `next = W · σ(current) + b`, snapped, for vertices
/// `0..<rows`, blocked 4 vertices × 4 neurons at a time in SIMD registers.
///
/// Threads take chunks of 4-row blocks as they finish one, so a thread can start alone (beside
/// the cut of the layer before, which reads `current` but never the rows written here) and
/// others join when they are free. A block's values do not depend on which thread computed it.
final class DenseProduct: @unchecked Sendable {
    let current: ValueTable
    let next: ValueTable
    let rows: Int
    let tolerance: ZeroTolerance
    /// Transposed and padded weights: for input j, outputs o..o+3 are contiguous.
    let wt: UnsafeMutablePointer<Double>
    let mPad: Int
    private let bias: [Double]
    private let slope: Double
    private let blocks: BlockQueue

    /// `next` must already hold `rows` rows (its storage is not moved while threads write it);
    /// it may be `current` itself (each block is read into scratch before it is written).
    init(
        current: ValueTable, next: ValueTable, rows: Int, layer: DenseLayer, activation: Activation,
        tolerance: ZeroTolerance
    ) {
        let n = current.width
        let m = layer.outputs
        precondition(layer.inputs == n && next.width == m && rows <= current.count && rows <= next.count)
        self.current = current
        self.next = next
        self.rows = rows
        self.tolerance = tolerance
        mPad = (m + 3) & ~3
        wt = UnsafeMutablePointer<Double>.allocate(capacity: n * mPad)
        wt.initialize(repeating: 0, count: n * mPad)
        for o in 0..<m { for j in 0..<n { wt[j * mPad + o] = layer.w(o, j) } }
        bias = layer.bias
        slope = activation.negativeSlope
        blocks = BlockQueue(rows: rows, chunk: 16)
    }

    deinit { wt.deallocate() }

    /// Blocks in all.
    var blockCount: Int { blocks.count }

    /// Starts one thread on the product in the background.
    func start(cancel: CancellationToken?) {
        blocks.inBackground { self.work(cancel: cancel) }
    }

    /// Stops taking blocks (an abandoned product) and waits for the background thread.
    func stop() {
        blocks.stop()
        blocks.wait()
    }

    /// Takes and computes blocks until none is left; then waits for the background thread.
    /// Throws `.cancelled` if `cancel` stopped a thread before the end.
    func finish(cancel: CancellationToken?) throws {
        work(cancel: cancel)
        blocks.wait()
        if blocks.isStopped { throw PartitionError.cancelled }
    }

    /// Takes and computes chunks of blocks until none is left (or the computation is cancelled).
    func work(cancel: CancellationToken?) {
        let n = current.width
        let m = next.width
        let a = UnsafeMutablePointer<Double>.allocate(capacity: 4 * n)
        defer { a.deallocate() }
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: 4 * mPad)
        defer { acc.deallocate() }
        let packed = UnsafeMutablePointer<Double>.allocate(capacity: 4 * n)
        defer { packed.deallocate() }
        let inputs = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        defer { inputs.deallocate() }
        let dst = next.data
        let dstScale = next.scale
        while let chunk = blocks.take() {
            if let cancel, cancel.isCancelled {
                blocks.stop()
                return
            }
            for block in chunk {
                let r0 = block * 4
                let live = min(4, rows - r0)
                let scales = ActivatedRow.writeBlock(current, first: r0, live: live, slope: slope, to: a)
                // Only the inputs live in at least one of the four rows: after ReLU about half
                // of a row is exactly 0 and neighbouring vertices (consecutive indices are made
                // by the same cut) mostly share their zeros. Skipping a term whose four factors
                // are 0 leaves every sum bit-identical (x + 0 = x).
                var live4 = 0
                for j in 0..<n {
                    let v0 = a[j]
                    let v1 = a[n + j]
                    let v2 = a[2 * n + j]
                    let v3 = a[3 * n + j]
                    if v0 != 0 || v1 != 0 || v2 != 0 || v3 != 0 {
                        packed[4 * live4] = v0
                        packed[4 * live4 + 1] = v1
                        packed[4 * live4 + 2] = v2
                        packed[4 * live4 + 3] = v3
                        inputs[live4] = Int32(j)
                        live4 += 1
                    }
                }
                Self.kernel4x4(packed: packed, inputs: inputs, count: live4, wt: wt, mPad: mPad, acc: acc)
                for r in 0..<live {
                    let out = dst + (r0 + r) * m
                    let s = scales[r]
                    dstScale[r0 + r] = s
                    let accRow = acc + r * mPad
                    for o in 0..<m {
                        let z = accRow[o] + bias[o]
                        out[o] = abs(z) <= tolerance.bound(o, scale: s) ? 0 : z
                    }
                    next.updateMasks(r0 + r)
                }
            }
        }
    }
    /// acc[r][o] = Σ_q packed[q][r] · wt[inputs[q]][o] for 4 rows and all padded outputs.
    @inline(__always)
    static func kernel4x4(
        packed: UnsafeMutablePointer<Double>, inputs: UnsafeMutablePointer<Int32>, count: Int,
        wt: UnsafeMutablePointer<Double>, mPad: Int, acc: UnsafeMutablePointer<Double>
    ) {
        var o = 0
        while o < mPad {
            var c0 = SIMD4<Double>(repeating: 0)
            var c1 = c0
            var c2 = c0
            var c3 = c0
            let base = UnsafeRawPointer(wt + o)
            let stride = mPad * MemoryLayout<Double>.stride
            for q in 0..<count {
                let col = (base + Int(inputs[q]) * stride).loadUnaligned(as: SIMD4<Double>.self)
                let f = packed + 4 * q
                c0 += f[0] * col
                c1 += f[1] * col
                c2 += f[2] * col
                c3 += f[3] * col
            }
            UnsafeMutableRawPointer(acc + o).storeBytes(of: c0, as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(acc + mPad + o).storeBytes(of: c1, as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(acc + 2 * mPad + o).storeBytes(of: c2, as: SIMD4<Double>.self)
            UnsafeMutableRawPointer(acc + 3 * mPad + o).storeBytes(of: c3, as: SIMD4<Double>.self)
            o += 4
        }
    }
}
