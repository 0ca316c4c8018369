/// A layer's values stored as one row per vertex (every layer after the first): a new vertex's
/// row is interpolated along its edge — exact, since the layer is affine there — with its own
/// neuron set to exactly 0 and the row snapped.
final class StoredValues: VertexValues {
    let table: ValueTable
    let tolerance: ZeroTolerance
    let slope: Double

    init(table: ValueTable, tolerance: ZeroTolerance, slope: Double) {
        self.table = table
        self.tolerance = tolerance
        self.slope = slope
    }

    var width: Int { table.width }
    var bytes: Int { table.count * (table.width + 1) * 8 }

    @inline(__always)
    func value(_ v: Int, _ k: Int) -> Double { table.value(v, k) }

    func widen(lo: UnsafeMutablePointer<Double>, hi: UnsafeMutablePointer<Double>, vertex v: Int, first: Bool) {
        let r = table.row(v)
        let n = table.width
        if first {
            lo.update(from: r, count: n)
            hi.update(from: r, count: n)
        } else {
            for k in 0..<n {
                let z = r[k]
                lo[k] = min(lo[k], z)
                hi[k] = max(hi[k], z)
            }
        }
    }

    func addVertex(between u: Int, _ v: Int, t: Double, zeroNeuron k: Int, crossing: UnsafeBufferPointer<Int32>,
                   origins: inout VertexOrigins) {
        let w = table.appendRow()
        let n = table.width
        let ru = table.row(u), rv = table.row(v), rw = table.row(w)
        for j in 0..<n { rw[j] = ru[j] + t * (rv[j] - ru[j]) }
        rw[k] = 0
        let s = max(table.scale[u], table.scale[v])
        table.setScale(w, s)
        tolerance.snap(rw, width: n, scale: s)
        // All neurons, not only `crossing`: a row is stored anyway, and this keeps every snapped
        // value's correction so the next layer's row equals the dense product of this one.
        origins.begin(u: u, v: v, t: t)
        for j in 0..<n { origins.correct(j, zu: ru[j], zv: rv[j], zw: rw[j], t: t, slope: slope) }
        origins.finish()
    }
}
