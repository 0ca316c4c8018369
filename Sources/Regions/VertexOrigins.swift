/// Where each vertex made while cutting one layer came from, so that the next layer's values
/// there cost a few axpys instead of a dense row product.
///
/// A vertex `w` is made on the segment from `u` to `v` at parameter `t`; the segment lies in one
/// face of the mesh before the cut, where every earlier layer is fixed, so this layer's values
/// are affine along it: `z(w) = (1−t) z(u) + t z(v)`. The activation σ is linear on every neuron
/// that does not change sign between `u` and `v`, so with `δ = σ(z(w)) − (1−t) σ(z(u)) − t σ(z(v))`,
/// non-zero only on the neurons that cross the segment (and those the zero snap moved),
///
///     next(w) = W σ(z(w)) + b = (1−t) next(u) + t next(v) + Σ_j δ_j W[:, j]
///
/// exactly. `u` and `v` are older than `w`, so filling vertices in index order always finds both
/// ends already done; vertices from before the cut get the dense product (which also bounds how
/// far rounding can travel along chains of these updates: one layer).
struct VertexOrigins {
    /// Index of the first vertex made by this cut; older vertices have no record.
    let firstVertex: Int
    private(set) var u: [Int32] = []
    private(set) var v: [Int32] = []
    private(set) var t: [Double] = []
    /// Corrections of record `i` are `neuron[ends[i-1]..<ends[i]]`, `delta[…]`.
    private(set) var ends: [Int32] = []
    private(set) var neuron: [Int32] = []
    private(set) var delta: [Double] = []

    init(firstVertex: Int) { self.firstVertex = firstVertex }

    var count: Int { u.count }

    /// Starts the record of vertex `firstVertex + count`, made at `u + t (v − u)`.
    @inline(__always)
    mutating func begin(u a: Int, v b: Int, t s: Double) {
        u.append(Int32(a))
        v.append(Int32(b))
        t.append(s)
    }

    /// Adds neuron `j`'s correction if σ is not linear between its values at `u` and `v` (they
    /// have strictly opposite signs), or the snap replaced the interpolated value at `w` by 0 —
    /// kept so the result equals the dense product of the snapped row.
    @inline(__always)
    mutating func correct(_ j: Int, zu: Double, zv: Double, zw: Double, t s: Double, slope: Double) {
        guard (zu > 0 && zv < 0) || (zu < 0 && zv > 0) || (zw == 0 && (zu != 0 || zv != 0)) else { return }
        let su = zu > 0 ? zu : slope * zu
        let sv = zv > 0 ? zv : slope * zv
        let sw = zw > 0 ? zw : slope * zw
        let d = sw - ((1 - s) * su + s * sv)
        if d != 0 {
            neuron.append(Int32(j))
            delta.append(d)
        }
    }

    @inline(__always)
    mutating func finish() { ends.append(Int32(neuron.count)) }

    /// Bytes held (counted against the memory budget).
    var bytes: Int { u.count * 20 + neuron.count * 12 }
}
