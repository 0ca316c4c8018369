import Dispatch
import Foundation
import NeuralNet

/// The pre-activations of the layer being cut, one row of `width` values per mesh vertex,
/// plus each vertex's magnitude scale used to decide what counts as exactly zero.
///
/// Only the current layer is kept: earlier layers' values are never needed again, which is
/// most of the memory regioncam spends (it keeps every layer's activations on every vertex).
final class ValueTable {
    let width: Int
    @exclusivity(unchecked) private(set) var count = 0
    private var capacity: Int
    @exclusivity(unchecked) private(set) var data: UnsafeMutablePointer<Double>
    /// Per vertex: the largest |input| of the layer at that vertex (for the zero tolerance).
    @exclusivity(unchecked) private(set) var scale: UnsafeMutablePointer<Double>

    /// Per row: `maskWords` words with bit k set where value k > 0, then as many where it is
    /// < 0. A face's crossing neurons are then the AND of its corners' ORs, a few word
    /// operations instead of a pass over every corner's whole row (which made the cut's first
    /// phase memory-bound).
    @exclusivity(unchecked) private(set) var masks: UnsafeMutablePointer<UInt64>
    let maskWords: Int

    init(width: Int, capacity: Int) {
        self.width = width
        self.capacity = max(capacity, 16)
        maskWords = (width + 63) / 64
        data = Self.reallocate(nil, count: self.capacity * width)
        scale = Self.reallocate(nil, count: self.capacity)
        masks = Self.reallocateMasks(nil, count: self.capacity * 2 * maskWords)
    }

    deinit {
        free(data)
        free(scale)
        free(masks)
    }

    @inline(__always) func positive(_ v: Int) -> UnsafeMutablePointer<UInt64> { masks + v * 2 * maskWords }
    @inline(__always) func negative(_ v: Int) -> UnsafeMutablePointer<UInt64> { masks + (v * 2 + 1) * maskWords }

    /// Sets row `v`'s sign masks from its (snapped) values.
    @inline(__always)
    func updateMasks(_ v: Int) {
        let r = row(v)
        let pos = positive(v)
        let neg = negative(v)
        for w in 0..<maskWords {
            var p: UInt64 = 0
            var n: UInt64 = 0
            let base = w * 64
            for b in 0..<min(64, width - base) {
                let z = r[base + b]
                if z > 0 { p |= 1 << UInt64(b) } else if z < 0 { n |= 1 << UInt64(b) }
            }
            pos[w] = p
            neg[w] = n
        }
    }

    private static func reallocateMasks(_ p: UnsafeMutablePointer<UInt64>?, count: Int) -> UnsafeMutablePointer<UInt64>
    {
        guard let raw = realloc(p, max(1, count) * MemoryLayout<UInt64>.stride) else {
            fatalError("out of memory growing the vertex sign masks to \(count) words")
        }
        return raw.assumingMemoryBound(to: UInt64.self)
    }

    @inline(__always) func row(_ v: Int) -> UnsafeMutablePointer<Double> { data + v * width }
    @inline(__always) func value(_ v: Int, _ k: Int) -> Double { data[v * width + k] }

    /// Appends an uninitialised row and returns its index.
    func appendRow() -> Int {
        if count == capacity { grow() }
        count += 1
        return count - 1
    }

    /// Makes the table `rows` rows long (new rows uninitialised), with no spare capacity.
    func resize(_ rows: Int) {
        if rows > capacity {
            capacity = rows
            data = Self.reallocate(data, count: capacity * width)
            scale = Self.reallocate(scale, count: capacity)
            masks = Self.reallocateMasks(masks, count: capacity * 2 * maskWords)
        }
        count = rows
    }

    /// Grows with realloc: for large blocks glibc remaps pages instead of copying, so growing
    /// never holds two copies of the table.
    private func grow() {
        capacity += capacity / 2 + 16
        data = Self.reallocate(data, count: capacity * width)
        scale = Self.reallocate(scale, count: capacity)
        masks = Self.reallocateMasks(masks, count: capacity * 2 * maskWords)
    }

    private static func reallocate(_ p: UnsafeMutablePointer<Double>?, count: Int) -> UnsafeMutablePointer<Double> {
        let bytes = count * MemoryLayout<Double>.stride
        guard let raw = realloc(p, bytes) else {
            fatalError("out of memory growing the vertex value table to \(count) values")
        }
        return raw.assumingMemoryBound(to: Double.self)
    }

    func setScale(_ v: Int, _ s: Double) { scale[v] = s }
}

/// What "exactly zero" means for each neuron of one layer.
///
/// A value is replaced by an exact 0 when it is below a bound on its own rounding error:
/// `tolerance · (‖W_k‖₁ · s_v + |b_k|)`, with `s_v` the largest input magnitude at the vertex.
/// Values beyond the bound have their true sign, so on every convex face the signs of a neuron
/// at the vertices form at most one positive and one negative run — which is what keeps every
/// cut valid for lines through vertices, duplicate neurons and near-parallel lines.
struct ZeroTolerance {
    let rowNorm: [Double]
    let absBias: [Double]
    let relative: Double

    init(layer: DenseLayer) {
        var norms = [Double](repeating: 0, count: layer.outputs)
        for o in 0..<layer.outputs {
            var s = 0.0
            for i in 0..<layer.inputs { s += abs(layer.w(o, i)) }
            norms[o] = s
        }
        rowNorm = norms
        absBias = layer.bias.map(abs)
        // Rounding grows with the length of the dot product; 1e-11 leaves a wide margin over it
        // while staying far below anything a drawing or f32 peer could resolve.
        relative = 1e-11 * max(1, Double(layer.inputs) / 256)
    }

    @inline(__always)
    func bound(_ k: Int, scale: Double) -> Double { relative * (rowNorm[k] * scale + absBias[k]) }

    /// Snaps a whole row in place.
    @inline(__always)
    func snap(_ row: UnsafeMutablePointer<Double>, width: Int, scale: Double) {
        rowNorm.withUnsafeBufferPointer { rn in
            absBias.withUnsafeBufferPointer { ab in
                for k in 0..<width where abs(row[k]) <= relative * (rn[k] * scale + ab[k]) {
                    row[k] = 0
                }
            }
        }
    }
}

enum LayerProduct {
    /// `next = W · σ(current) + b` for every vertex. Vertices older than the last cut get a dense
    /// matrix product, blocked 4 vertices × 4 neurons at a time in SIMD registers and split over
    /// threads by vertex ranges; the vertices that cut made get theirs from their two parents
    /// (see `VertexOrigins`), in index order.
    static func nextLayer(
        _ current: ValueTable, rows: Int, layer: DenseLayer, activation: Activation,
        tolerance: ZeroTolerance, origins: VertexOrigins?, threads: Int, cancel: CancellationToken?
    ) throws -> ValueTable {
        let n = current.width
        let m = layer.outputs
        precondition(layer.inputs == n)
        let denseRows = origins?.firstVertex ?? rows
        precondition(denseRows <= current.count)
        // Equal widths: overwrite in place (each 4-row block is read into scratch before it is
        // written), so the layer change needs no second table.
        let next: ValueTable
        if m == n {
            next = current
            next.resize(rows)
        } else {
            next = ValueTable(width: m, capacity: rows + rows / 2 + 64)
            for _ in 0..<rows { _ = next.appendRow() }
        }

        // Transposed and padded weights: for input j, outputs o..o+3 are contiguous.
        let mPad = (m + 3) & ~3
        let wt = UnsafeMutablePointer<Double>.allocate(capacity: n * mPad)
        wt.initialize(repeating: 0, count: n * mPad)
        defer { wt.deallocate() }
        for o in 0..<m { for j in 0..<n { wt[j * mPad + o] = layer.w(o, j) } }
        let bias = layer.bias
        let slope = activation.negativeSlope

        let blocks = (denseRows + 3) / 4
        let workers = max(1, min(threads, blocks / 64))
        let cancelled = CancellationToken()
        let src = SharedBuffer(current.data)
        let dst = SharedBuffer(next.data)
        let dstScale = SharedBuffer(next.scale)
        let weights = SharedBuffer(wt)

        let nextShared = SharedTable(next)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let firstBlock = blocks * worker / workers
            let endBlock = blocks * (worker + 1) / workers
            let a = UnsafeMutablePointer<Double>.allocate(capacity: 4 * n)
            defer { a.deallocate() }
            let acc = UnsafeMutablePointer<Double>.allocate(capacity: 4 * mPad)
            defer { acc.deallocate() }
            let packed = UnsafeMutablePointer<Double>.allocate(capacity: 4 * n)
            defer { packed.deallocate() }
            let inputs = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { inputs.deallocate() }
            for block in firstBlock..<endBlock {
                if block & 255 == 0, let cancel, cancel.isCancelled {
                    cancelled.cancel()
                    return
                }
                let r0 = block * 4
                let live = min(4, denseRows - r0)
                var scales = SIMD4<Double>(repeating: 0)
                for r in 0..<4 {
                    let out = a + r * n
                    if r < live {
                        let z = src.base + (r0 + r) * n
                        var s = 0.0
                        for j in 0..<n {
                            let v = z[j] > 0 ? z[j] : slope * z[j]
                            out[j] = v
                            s = max(s, abs(v))
                        }
                        scales[r] = s
                    } else {
                        out.initialize(repeating: 0, count: n)
                    }
                }
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
                kernel4x4(packed: packed, inputs: inputs, count: live4, wt: weights.base, mPad: mPad, acc: acc)
                for r in 0..<live {
                    let out = dst.base + (r0 + r) * m
                    let s = scales[r]
                    dstScale.base[r0 + r] = s
                    let accRow = acc + r * mPad
                    for o in 0..<m {
                        let z = accRow[o] + bias[o]
                        out[o] = abs(z) <= tolerance.bound(o, scale: s) ? 0 : z
                    }
                    nextShared.table.updateMasks(r0 + r)
                }
            }
        }
        if cancelled.isCancelled { throw PartitionError.cancelled }
        if let origins {
            try fillFromOrigins(next, origins, wt: wt, mPad: mPad, tolerance: tolerance, cancel: cancel)
        }
        return next
    }

    /// The rows of the vertices made by the last cut: `(1−t) next(u) + t next(v) + Σ δ_j W[:, j]`.
    /// The result is snapped like a dense row, with the larger of the parents' scales (σ at `w`
    /// is between σ at `u` and `v` neuron by neuron, so that bounds the dense row's scale).
    private static func fillFromOrigins(
        _ next: ValueTable, _ origins: VertexOrigins, wt: UnsafeMutablePointer<Double>, mPad: Int,
        tolerance: ZeroTolerance, cancel: CancellationToken?
    ) throws {
        let m = next.width
        origins.u.withUnsafeBufferPointer { us in
            origins.v.withUnsafeBufferPointer { vs in
                origins.t.withUnsafeBufferPointer { ts in
                    origins.ends.withUnsafeBufferPointer { ends in
                        origins.neuron.withUnsafeBufferPointer { js in
                            origins.delta.withUnsafeBufferPointer { ds in
                                var c = 0
                                for i in 0..<origins.count {
                                    if i & 4095 == 0, let cancel, cancel.isCancelled { return }
                                    let w = origins.firstVertex + i
                                    let ru = next.row(Int(us[i]))
                                    let rv = next.row(Int(vs[i]))
                                    let rw = next.row(w)
                                    let t = ts[i]
                                    let s = 1 - t
                                    for o in 0..<m { rw[o] = s * ru[o] + t * rv[o] }
                                    let e = Int(ends[i])
                                    while c < e {
                                        let d = ds[c]
                                        let col = wt + Int(js[c]) * mPad
                                        for o in 0..<m { rw[o] += d * col[o] }
                                        c += 1
                                    }
                                    let scale = max(next.scale[Int(us[i])], next.scale[Int(vs[i])])
                                    next.setScale(w, scale)
                                    tolerance.snap(rw, width: m, scale: scale)
                                    next.updateMasks(w)
                                }
                            }
                        }
                    }
                }
            }
        }
        if let cancel, cancel.isCancelled { throw PartitionError.cancelled }
    }

    /// acc[r][o] = Σ_q packed[q][r] · wt[inputs[q]][o] for 4 rows and all padded outputs.
    @inline(__always)
    private static func kernel4x4(
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

/// A buffer shared by worker threads that each touch a disjoint range of it.
struct SharedBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}

/// The table being filled by worker threads that each write a disjoint range of its rows.
struct SharedTable: @unchecked Sendable {
    let table: ValueTable
    init(_ table: ValueTable) { self.table = table }
}
