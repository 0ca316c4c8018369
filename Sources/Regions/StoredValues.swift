/// A layer's values after the first: a dense row per vertex that existed before the cut (the
/// layer product's output), and for each vertex the cut makes, only the neurons its cut can
/// still read — those crossing the one or two faces beside the edge it splits, a handful out of
/// the layer's width. The dense rows of new vertices were most of the memory and of the writes
/// (at 256×4, 2 KB per vertex where a few dozen bytes are read); the next layer gets their rows
/// from `VertexOrigins` instead.
///
/// A new vertex's value is interpolated along its edge — exact, the layer is affine there — with
/// its own neuron set to exactly 0, and snapped with the larger of its parents' scales. Its
/// parents always hold every neuron it needs: a vertex made inside an edge only ever touches
/// pieces of the two faces beside that edge.
final class StoredValues: VertexValues {
    let table: ValueTable
    let tolerance: ZeroTolerance
    let slope: Double
    /// Vertices below this have dense rows in `table`.
    let firstVertex: Int

    // Read in the cutter's innermost loops: a class's stored arrays would otherwise pay a dynamic
    // exclusivity check per access (7% of a run); each is only touched from one thread at a time.
    /// Sparse values of vertex `firstVertex + i`: `neuron[start[i]..<start[i+1]]` (ascending), `value[…]`.
    @exclusivity(unchecked) private var start: [Int32] = [0]
    @exclusivity(unchecked) private var neuron: [Int32] = []
    @exclusivity(unchecked) private var value: [Double] = []
    @exclusivity(unchecked) private var scale: [Double] = []
    @exclusivity(unchecked) private var zeroNeuron: [Int32] = []
    @exclusivity(unchecked) private var parentU: [Int32] = []
    @exclusivity(unchecked) private var parentV: [Int32] = []
    @exclusivity(unchecked) private var parentT: [Double] = []

    init(table: ValueTable, tolerance: ZeroTolerance, slope: Double) {
        self.table = table
        self.tolerance = tolerance
        self.slope = slope
        firstVertex = table.count
    }

    var width: Int { table.width }
    var bytes: Int { table.count * (table.width + 1) * 8 + neuron.count * 12 + scale.count * 36 }

    @inline(__always)
    func value(_ v: Int, _ k: Int) -> Double {
        if v < firstVertex { return table.value(v, k) }
        let i = v - firstVertex
        if Int(zeroNeuron[i]) == k { return 0 }
        var lo = Int(start[i])
        var hi = Int(start[i + 1])
        while lo < hi {
            let mid = (lo + hi) >> 1
            let j = Int(neuron[mid])
            if j == k { return value[mid] }
            if j < k { lo = mid + 1 } else { hi = mid }
        }
        // Not stored (never expected, see the type's comment): the same interpolation, on demand.
        return interpolated(i, k)
    }

    private func interpolated(_ i: Int, _ k: Int) -> Double {
        let zu = value(Int(parentU[i]), k)
        let zv = value(Int(parentV[i]), k)
        let z = zu + parentT[i] * (zv - zu)
        return abs(z) <= tolerance.bound(k, scale: scale[i]) ? 0 : z
    }

    @inline(__always)
    private func scaleOf(_ v: Int) -> Double { v < firstVertex ? table.scale[v] : scale[v - firstVertex] }

    var maskedVertices: Int { firstVertex }
    var maskWords: Int { table.maskWords }
    func positiveMask(_ v: Int) -> UnsafePointer<UInt64> { UnsafePointer(table.positive(v)) }
    func negativeMask(_ v: Int) -> UnsafePointer<UInt64> { UnsafePointer(table.negative(v)) }

    func addVertex(
        between u: Int, _ v: Int, t: Double, zeroNeuron k: Int, crossing: UnsafeBufferPointer<Int32>,
        faces: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Int32>), origins: inout VertexOrigins
    ) {
        let s = max(scaleOf(u), scaleOf(v))
        scale.append(s)
        zeroNeuron.append(Int32(k))
        parentU.append(Int32(u))
        parentV.append(Int32(v))
        parentT.append(t)
        origins.begin(u: u, v: v, t: t)
        // The union of the two ascending lists, read from both ends in one pass each.
        var cu = cursor(u)
        var cv = cursor(v)
        let a = faces.0
        let b = faces.1
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            let q: Int32
            if j == b.count || (i < a.count && a[i] < b[j]) {
                q = a[i]
                i += 1
            } else if i == a.count || b[j] < a[i] {
                q = b[j]
                j += 1
            } else {
                q = a[i]
                i += 1
                j += 1
            }
            let n = Int(q)
            let zu = read(&cu, n)
            let zv = read(&cv, n)
            var zw = 0.0
            if n != k {
                zw = zu + t * (zv - zu)
                if abs(zw) <= tolerance.bound(n, scale: s) { zw = 0 }
            }
            neuron.append(q)
            value.append(zw)
            origins.correct(n, zu: zu, zv: zv, zw: zw, t: t, slope: slope)
        }
        start.append(Int32(neuron.count))
        origins.finish()
    }

    /// Where a pass over vertex `v`'s values in ascending neuron order stands.
    private struct Cursor {
        var position: Int
        let end: Int
        let vertex: Int
    }

    @inline(__always)
    private func cursor(_ v: Int) -> Cursor {
        v < firstVertex
            ? Cursor(position: -1, end: 0, vertex: v)
            : Cursor(position: Int(start[v - firstVertex]), end: Int(start[v - firstVertex + 1]), vertex: v)
    }

    /// `value(v, k)` for the cursor's vertex, `k` not below the previous read's.
    @inline(__always)
    private func read(_ c: inout Cursor, _ k: Int) -> Double {
        if c.position < 0 { return table.value(c.vertex, k) }
        while c.position < c.end && Int(neuron[c.position]) < k { c.position += 1 }
        if c.position < c.end && Int(neuron[c.position]) == k { return value[c.position] }
        // Not stored: `value` gives the zero of the vertex's own neuron or the interpolation.
        return value(c.vertex, k)
    }
}
