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
        HugePages.advise(raw, bytes: count * MemoryLayout<UInt64>.stride)
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
        HugePages.advise(raw, bytes: bytes)
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
    /// `next = W · σ(current) + b` for every vertex. Vertices older than the last cut get the
    /// dense product (`DenseProduct`, on `threads` threads); the vertices that cut made get theirs
    /// from their two parents (see `VertexOrigins`), in index order.
    static func nextLayer(
        _ current: ValueTable, rows: Int, layer: DenseLayer, activation: Activation,
        tolerance: ZeroTolerance, origins: VertexOrigins?, threads: Int, cancel: CancellationToken?
    ) throws -> ValueTable {
        let m = layer.outputs
        let denseRows = origins?.firstVertex ?? rows
        // Equal widths: overwrite in place (each 4-row block is read into scratch before it is
        // written), so the layer change needs no second table.
        let next: ValueTable
        if m == current.width {
            next = current
            next.resize(rows)
        } else {
            next = ValueTable(width: m, capacity: rows + rows / 2 + 64)
            next.resize(rows)
        }
        let product = DenseProduct(
            current: current, next: next, rows: denseRows, layer: layer, activation: activation, tolerance: tolerance)
        let workers = max(1, min(threads, product.blockCount / 64))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in product.work(cancel: cancel) }
        try product.finish(cancel: cancel)
        return try fill(product, rows: rows, origins: origins, cancel: cancel)
    }

    /// Starts the dense part of the next layer's product (`layer`, for the `current.count`
    /// vertices there are now) on a background thread, into a table of its own, so that it runs
    /// beside the cut of the current layer; `finish` completes it.
    /// `reusing` is a table no longer needed, whose storage it takes if the widths agree.
    static func start(
        _ current: ValueTable, reusing spare: ValueTable?, layer: DenseLayer, activation: Activation,
        tolerance: ZeroTolerance, cancel: CancellationToken?
    ) -> DenseProduct {
        let rows = current.count
        let next =
            spare.flatMap { $0.width == layer.outputs ? $0 : nil }
            ?? ValueTable(width: layer.outputs, capacity: rows + rows / 2 + 64)
        next.resize(rows)
        let product = DenseProduct(
            current: current, next: next, rows: rows, layer: layer, activation: activation,
            tolerance: tolerance)
        product.start(cancel: cancel)
        return product
    }

    /// Completes a product begun by `start` once the cut has made `rows` vertices (`origins`).
    static func finish(
        _ product: DenseProduct, rows: Int, origins: VertexOrigins, cancel: CancellationToken?
    ) throws -> ValueTable {
        try product.finish(cancel: cancel)
        product.next.resize(rows)
        return try fill(product, rows: rows, origins: origins, cancel: cancel)
    }

    private static func fill(
        _ product: DenseProduct, rows: Int, origins: VertexOrigins?, cancel: CancellationToken?
    ) throws -> ValueTable {
        if let origins {
            try fillFromOrigins(
                product.next, origins, wt: product.wt, mPad: product.mPad, tolerance: product.tolerance, cancel: cancel)
        }
        return product.next
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
}

/// A buffer shared by worker threads that each touch a disjoint range of it.
struct SharedBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
    init(_ base: UnsafeMutablePointer<Double>) { self.base = base }
}
