/// The splits of a range of edges by one layer, worked out without touching the mesh
/// (`EdgeSplitter`), then made in edge order by `replay`.
///
/// Along one edge every new vertex holds the same neurons (those crossing either face beside the
/// edge, `U`), so the edge is worked out on a dense table over `U`: row 0 its first end, row 1
/// its last, then one row per new vertex in the order they are made (local vertex numbers).
/// A class: the face cut reads it from every thread, and must not copy its arrays on each read.
final class EdgeChain {
    let values: StoredValues
    let tolerance: ZeroTolerance
    let slope: Double
    /// The mesh's vertex coordinates (read only).
    let xs: [Double]
    let ys: [Double]

    /// Per split edge: its half-edge (in the cutting face's direction), ends, and ranges.
    @exclusivity(unchecked) private var edge: [Int32] = []
    @exclusivity(unchecked) private var ends: [(Int32, Int32)] = []
    @exclusivity(unchecked) private var unionStart: [Int32] = [0]
    @exclusivity(unchecked) private var union: [Int32] = []
    @exclusivity(unchecked) private var vertexStart: [Int32] = [0]
    @exclusivity(unchecked) private var rowStart: [Int] = []
    /// Per new vertex: the position in the edge's chain of the sub-edge it splits, its neuron,
    /// its local ends, parameter, position, scale and values over `U`.
    @exclusivity(unchecked) private var position: [Int32] = []
    @exclusivity(unchecked) private var vertexEdge: [Int32] = []
    @exclusivity(unchecked) private var neuron: [Int32] = []
    @exclusivity(unchecked) private var parents: [(Int32, Int32)] = []
    @exclusivity(unchecked) private var t: [Double] = []
    @exclusivity(unchecked) private var x: [Double] = []
    @exclusivity(unchecked) private var y: [Double] = []
    @exclusivity(unchecked) private var scale: [Double] = []
    @exclusivity(unchecked) private var rows: [Double] = []
    /// One record per new vertex, with local ends.
    @exclusivity(unchecked) private var origins = VertexOrigins(firstVertex: 0)

    // Scratch for the edge being worked out.
    @exclusivity(unchecked) private var table: [Double] = []
    @exclusivity(unchecked) private var chain: [Int32] = []
    @exclusivity(unchecked) private var lx: [Double] = []
    @exclusivity(unchecked) private var ly: [Double] = []
    @exclusivity(unchecked) private var lscale: [Double] = []

    init(values: StoredValues, tolerance: ZeroTolerance, slope: Double, xs: [Double], ys: [Double]) {
        self.xs = xs
        self.ys = ys
        self.values = values
        self.tolerance = tolerance
        self.slope = slope
    }

    /// Works out the splits of the edge of half-edge `e` from vertex `u` to `v` (both from before
    /// the cut), between faces crossed by `crossing` and `other`.
    func split(
        edge e: Int32, from u: Int, to v: Int, crossing: UnsafeBufferPointer<Int32>,
        other: UnsafeBufferPointer<Int32>
    ) {
        // The neurons with strictly opposite signs at the two ends, ascending.
        let words = values.maskWords
        let pu = values.positiveMask(u)
        let nu = values.negativeMask(u)
        let pv = values.positiveMask(v)
        let nv = values.negativeMask(v)
        var any: UInt64 = 0
        for w in 0..<words { any |= (pu[w] & nv[w]) | (nu[w] & pv[w]) }
        guard any != 0 else { return }

        let first = union.count
        var i = crossing.startIndex
        var j = other.startIndex
        while i < crossing.endIndex || j < other.endIndex {
            if j == other.endIndex || (i < crossing.endIndex && crossing[i] < other[j]) {
                union.append(crossing[i])
                i += 1
            } else if i == crossing.endIndex || other[j] < crossing[i] {
                union.append(other[j])
                j += 1
            } else {
                union.append(crossing[i])
                i += 1
                j += 1
            }
        }
        let m = union.count - first
        table.removeAll(keepingCapacity: true)
        union.withUnsafeBufferPointer { all in
            let list = UnsafeBufferPointer(rebasing: all[first...])
            values.appendValues(u, list, to: &table)
            values.appendValues(v, list, to: &table)
        }
        lx.removeAll(keepingCapacity: true)
        ly.removeAll(keepingCapacity: true)
        lscale.removeAll(keepingCapacity: true)
        lx.append(xs[u])
        lx.append(xs[v])
        ly.append(ys[u])
        ly.append(ys[v])
        lscale.append(values.scaleOf(u))
        lscale.append(values.scaleOf(v))
        chain.removeAll(keepingCapacity: true)
        chain.append(0)
        chain.append(1)

        for w in 0..<words {
            var cross = (pu[w] & nv[w]) | (nu[w] & pv[w])
            while cross != 0 {
                let k = Int32(w * 64 + cross.trailingZeroBitCount)
                cross &= cross - 1
                // Its column: the neuron crosses both faces, so it is in `U`.
                var lo = first
                var hi = union.count
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if union[mid] < k { lo = mid + 1 } else { hi = mid }
                }
                let column = lo - first
                var p = 0
                while p + 1 < chain.count {
                    let a = Int(chain[p])
                    let b = Int(chain[p + 1])
                    let za = table[a * m + column]
                    let zb = table[b * m + column]
                    if (za > 0 && zb < 0) || (za < 0 && zb > 0) {
                        let c = addVertex(between: a, b, t: za / (za - zb), zeroColumn: column, neuron: k, columns: m)
                        position.append(Int32(p))
                        chain.insert(Int32(c), at: p + 1)
                    }
                    p += 1
                }
            }
        }
        edge.append(e)
        ends.append((Int32(u), Int32(v)))
        unionStart.append(Int32(union.count))
        vertexStart.append(Int32(t.count))
        rowStart.append(rows.count)
        rows.append(contentsOf: table[(2 * m)...])
    }

    /// A new vertex of the current edge between its local vertices `a` and `b`, with its values
    /// as `StoredValues.addVertex` gives them; returns its local number.
    private func addVertex(
        between a: Int, _ b: Int, t s: Double, zeroColumn k: Int, neuron: Int32, columns m: Int
    ) -> Int {
        let c = lx.count
        lx.append(lx[a] + s * (lx[b] - lx[a]))
        ly.append(ly[a] + s * (ly[b] - ly[a]))
        let sc = max(lscale[a], lscale[b])
        lscale.append(sc)
        x.append(lx[c])
        y.append(ly[c])
        scale.append(sc)
        t.append(s)
        self.neuron.append(neuron)
        vertexEdge.append(Int32(edge.count))
        parents.append((Int32(a), Int32(b)))
        let first = union.count - m
        origins.begin(u: a, v: b, t: s)
        for j in 0..<m {
            let n = Int(union[first + j])
            let zu = table[a * m + j]
            let zv = table[b * m + j]
            var zw = 0.0
            if j != k {
                zw = zu + s * (zv - zu)
                if abs(zw) <= tolerance.bound(n, scale: sc) { zw = 0 }
            }
            table.append(zw)
            origins.correct(n, zu: zu, zv: zv, zw: zw, t: s, slope: slope)
        }
        origins.finish()
        return c
    }

    /// New vertices worked out.
    var count: Int { t.count }
    /// The zero-snapping scale of new vertex `i`.
    func scale(ofVertex i: Int) -> Double { scale[i] }
    /// Bytes held (counted against the memory budget).
    var bytes: Int { rows.count * 8 + union.count * 4 + t.count * 64 + origins.bytes }

    /// Makes the splits in `mesh`, edge by edge, with the new vertices' records; their values
    /// stay here (`appendValues`).
    func replay(into mesh: inout HalfEdgeMesh, origins all: inout VertexOrigins) {
        var links: [Int32] = []
        for r in edge.indices {
            let (u, v) = ends[r]
            let base = mesh.vertexCount - 2
            @inline(__always) func global(_ a: Int32) -> Int { a == 0 ? Int(u) : (a == 1 ? Int(v) : base + Int(a)) }
            links.removeAll(keepingCapacity: true)
            links.append(edge[r])
            let firstVertex = Int(vertexStart[r])
            for i in firstVertex..<Int(vertexStart[r + 1]) {
                let w = mesh.vertexCount
                mesh.x.append(x[i])
                mesh.y.append(y[i])
                let (a, b) = parents[i]
                all.append(record: i, of: origins, u: global(a), v: global(b))
                let p = Int(position[i])
                links.insert(mesh.splitEdge(links[p], at: Int32(w)), at: p + 1)
            }
        }
    }

    /// Appends the values of new vertex `i` (in this range's order) for `neurons` (ascending, all
    /// crossing a face beside its edge, so all held) to `out`.
    func appendValues(ofVertex i: Int, _ neurons: UnsafeBufferPointer<Int32>, to out: inout [Double]) {
        let r = Int(vertexEdge[i])
        let first = Int(unionStart[r])
        let end = Int(unionStart[r + 1])
        let row = rowStart[r] + (i - Int(vertexStart[r])) * (end - first) - first
        var p = first
        for k in neurons {
            while p < end && union[p] < k { p += 1 }
            out.append(p < end && union[p] == k ? rows[row + p] : value(ofVertex: i, Int(k)))
        }
    }

    /// The value of neuron `k` at new vertex `i`: held, or (a neuron crossing neither face, never
    /// asked in practice) interpolated from the vertex's ends and snapped like a held one.
    private func value(ofVertex i: Int, _ k: Int) -> Double {
        let r = Int(vertexEdge[i])
        let first = Int(unionStart[r])
        let end = Int(unionStart[r + 1])
        var lo = first
        var hi = end
        while lo < hi {
            let mid = (lo + hi) >> 1
            if Int(union[mid]) < k { lo = mid + 1 } else { hi = mid }
        }
        if lo < end && Int(union[lo]) == k {
            return rows[rowStart[r] + (i - Int(vertexStart[r])) * (end - first) + lo - first]
        }
        if Int(neuron[i]) == k { return 0 }
        func parent(_ a: Int32) -> Double {
            a == 0
                ? values.value(Int(ends[r].0), k)
                : (a == 1 ? values.value(Int(ends[r].1), k) : value(ofVertex: Int(vertexStart[r]) + Int(a) - 2, k))
        }
        let za = parent(parents[i].0)
        let zb = parent(parents[i].1)
        let z = za + t[i] * (zb - za)
        return abs(z) <= tolerance.bound(k, scale: scale[i]) ? 0 : z
    }
}
